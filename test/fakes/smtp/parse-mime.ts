/**
 * Just enough MIME to check what a test SMTP server received from nodemailer: unfolded headers with RFC 2047 words
 * decoded, nested multiparts, and 7bit, 8bit, quoted-printable and base64 bodies (line ends turned from the wire's
 * CRLF into LF, so they compare with what was sent). Not a general mail parser.
 */
export interface MimePart {
  /** Header values by lower-case name, in order of appearance. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly contentType: string;
  /** Decoded body of a leaf part; empty for multiparts. */
  readonly body: string;
  readonly parts: readonly MimePart[];
}

export interface ParsedMail extends MimePart {
  header(name: string): string | undefined;
  readonly text: string | undefined;
  readonly html: string | undefined;
}

export function parseMail(raw: string): ParsedMail {
  const root = parsePart(raw);
  return {
    ...root,
    header: (name) => root.headers.get(name.toLowerCase())?.[0],
    text: findLeaf(root, 'text/plain')?.body,
    html: findLeaf(root, 'text/html')?.body,
  };
}

function parsePart(raw: string): MimePart {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const rawBody = split ? raw.slice(split.index + split[0].length) : '';
  const headers = parseHeaders(head);
  const { type, params } = parseContentType(headers.get('content-type')?.[0] ?? 'text/plain');
  if (type.startsWith('multipart/') && params.boundary) {
    return { headers, contentType: type, body: '', parts: splitMultipart(rawBody, params.boundary).map(parsePart) };
  }
  const encoding = (headers.get('content-transfer-encoding')?.[0] ?? '7bit').toLowerCase();
  return { headers, contentType: type, body: decodeBody(rawBody, encoding), parts: [] };
}

function parseHeaders(head: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(name) ?? [];
    values.push(decodeWords(line.slice(colon + 1).trim()));
    headers.set(name, values);
  }
  return headers;
}

function parseContentType(value: string): { type: string; params: Record<string, string> } {
  const [type = 'text/plain', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq > 0)
      params[param.slice(0, eq).trim().toLowerCase()] = param
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const sections = body.split(new RegExp(`\\r?\\n?${escapeRegExp(delimiter)}`));
  // sections[0] is the preamble; the section after the closing delimiter starts with "--".
  return sections
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .map((s) => s.replace(/^[ \t]*\r?\n/, ''));
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8').replace(/\r\n/g, '\n');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body.replace(/\r?\n$/, '').replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, '').replace(/\r?\n$/, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r\n/g, '\n');
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`); whitespace between adjacent words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function findLeaf(part: MimePart, type: string): MimePart | undefined {
  if (part.parts.length === 0) return part.contentType === type ? part : undefined;
  for (const child of part.parts) {
    const found = findLeaf(child, type);
    if (found) return found;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

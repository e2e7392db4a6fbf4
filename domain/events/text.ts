/**
 * What free text in an event may contain. Markup is fine (it is only ever shown as text), but control characters
 * are not: they corrupt logs and terminals, Postgres refuses NUL, and bidirectional overrides can make a subject
 * shown to staff read differently from what it says. Unpaired surrogates are refused because they cannot be
 * encoded as UTF-8 at all.
 */

const BIDI_AND_SEPARATORS = '\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';

/** Single-line text: every C0/C1 control character, tab and newline included. */
const FORBIDDEN_SINGLE_LINE = new RegExp(`[\\p{Cc}${BIDI_AND_SEPARATORS}]|\\p{Cs}`, 'u');

/** Multi-line text keeps tab, line feed and carriage return. */
const FORBIDDEN_MULTI_LINE = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI_AND_SEPARATORS}]|\\p{Cs}`,
  'u',
);

function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `text` may not be stored as event text, naming the first offending character; undefined when it may. */
export function controlCharacterProblem(text: string, multiLine: boolean): string | undefined {
  const found = (multiLine ? FORBIDDEN_MULTI_LINE : FORBIDDEN_SINGLE_LINE).exec(text);
  if (found === null) return undefined;
  const what = multiLine ? 'control characters' : 'control characters or line breaks';
  return `must not contain ${what} (found ${codePointLabel(found[0])} at position ${found.index})`;
}

const QUOTE_LIMIT = 40;

/**
 * A sender's value, safe to echo inside an error message: clipped, with control characters escaped, so the one-line
 * error stays one line. Only used for values that are not personal data (types, zones, enum values).
 */
export function quoteValue(value: string): string {
  const clipped = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
  const escaped = clipped.replace(new RegExp(FORBIDDEN_SINGLE_LINE.source, 'gu'), codePointLabel);
  return `'${escaped}'`;
}

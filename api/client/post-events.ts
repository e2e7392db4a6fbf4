import { signIngestBody } from '../../security/ingest-signature';

/** One line of a JSONL file and what became of it. */
export interface LineReport {
  readonly line: number;
  readonly id: string | null;
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly detail?: string;
}

export interface PostEventsOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:8080`. */
  readonly apiUrl: string;
  readonly secret: string;
  readonly batchSize: number;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => Date;
  /** Waits before a retry the API asked for with Retry-After; a timer when absent (tests pass their own). */
  readonly wait?: (ms: number) => Promise<void>;
}

/** Sends of one batch when the API keeps saying "later" (429, or 503 with Retry-After) before it is reported. */
const MAX_ATTEMPTS = 5;
/** Longest honoured Retry-After: a rate-limit window is a minute. */
const LONGEST_WAIT_MS = 60_000;

export interface JsonlLine {
  readonly line: number;
  readonly value: unknown;
}

/** Non-empty lines of a JSONL text; a line that is not JSON is reported rejected without being sent. */
export function readJsonl(text: string): { readonly lines: JsonlLine[]; readonly unreadable: LineReport[] } {
  const lines: JsonlLine[] = [];
  const unreadable: LineReport[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      lines.push({ line: index + 1, value: JSON.parse(raw) as unknown });
    } catch {
      unreadable.push({ line: index + 1, id: null, status: 'rejected', detail: 'not valid JSON' });
    }
  });
  return { lines, unreadable };
}

/** Signs and posts events in batches of `batchSize`; results come back one per line, in line order. */
export async function postEvents(options: PostEventsOptions, lines: readonly JsonlLine[]): Promise<LineReport[]> {
  const reports: LineReport[] = [];
  for (let start = 0; start < lines.length; start += options.batchSize) {
    const batch = lines.slice(start, start + options.batchSize);
    const body = JSON.stringify({ events: batch.map((l) => l.value) });
    const response = await postBatch(options, body);
    const answer = (await response.json().catch(() => ({}))) as {
      results?: { id: string | null; status: LineReport['status']; errors?: { path: string; message: string }[] }[];
      error?: string;
      errors?: { path: string; message: string }[];
    };
    if (response.status !== 202 || !answer.results) {
      const detail = `HTTP ${response.status}: ${answer.error ?? 'unexpected answer'}`;
      for (const l of batch) reports.push({ line: l.line, id: idOf(l.value), status: 'rejected', detail });
      continue;
    }
    batch.forEach((l, i) => {
      const result = answer.results?.[i];
      const errors = result?.errors?.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
      reports.push({
        line: l.line,
        id: result?.id ?? idOf(l.value),
        status: result?.status ?? 'rejected',
        ...(errors ? { detail: errors } : {}),
      });
    });
  }
  return reports;
}

/**
 * One batch, sent again (signed afresh) after the wait the API asks for when it is shedding load: the edge answers
 * 429 with Retry-After when this source is over its rate, 503 with Retry-After when it is at its in-flight cap.
 */
async function postBatch(options: PostEventsOptions, body: string): Promise<Response> {
  const wait = options.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    const signature = signIngestBody(options.secret, body, Math.floor(options.now().getTime() / 1000));
    const response = await options.fetch(`${options.apiUrl.replace(/\/+$/, '')}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-notify-signature': signature },
      body,
    });
    const retryAfterSeconds = Number(response.headers.get('retry-after'));
    const later = (response.status === 429 || response.status === 503) && retryAfterSeconds > 0;
    if (!later || attempt === MAX_ATTEMPTS) return response;
    await response.arrayBuffer();
    await wait(Math.min(retryAfterSeconds * 1000, LONGEST_WAIT_MS));
  }
}

export function idOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

export function formatReport(report: LineReport): string {
  return `line ${report.line}\t${report.id ?? '-'}\t${report.status}${report.detail ? `\t${report.detail}` : ''}`;
}

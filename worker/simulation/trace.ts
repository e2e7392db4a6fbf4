import { readFile } from 'node:fs/promises';
import { formatFieldErrors, parseTraceLine, type TraceEvent } from '../../domain/events';

export interface TraceStep {
  readonly line: number;
  /** When the event arrives (epoch ms): the line's `at`, else its `occurredAt`. */
  readonly at: number;
  readonly event: TraceEvent;
}

export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'TraceError';
  }
}

/** Reads a JSONL trace; the first bad line fails the whole run with its line number and the offending field. */
export async function readTrace(file: string): Promise<TraceStep[]> {
  const text = await readFile(file, 'utf8');
  const steps: TraceStep[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new TraceError(file, line, `not valid JSON (${(err as Error).message})`);
    }
    const parsed = parseTraceLine(json);
    if (!parsed.ok) throw new TraceError(file, line, formatFieldErrors(parsed.errors));
    steps.push({ line, at: Date.parse(parsed.at), event: parsed.event });
  });
  if (steps.length === 0) throw new TraceError(file, 1, 'the trace has no events');
  // Stable: events arriving at the same instant keep their order in the file.
  return steps.sort((a, b) => a.at - b.at || a.line - b.line);
}

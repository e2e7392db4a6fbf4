import { inspect } from 'node:util';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';
import { scrubLogLine } from '../api/observability/scrub-log-line';

/**
 * The SDK runtime's logger for the worker process (worker, workflow and activity lines), written to stderr like the
 * SDK's default, with every line scrubbed as the API's are: link tokens, email addresses and phone numbers masked.
 * The worker's own code logs keys and masked contacts only; this covers what it does not compose, such as an
 * activity failure's message or a workflow task's stack trace.
 */
export function scrubbingRuntimeLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => write(scrubLogLine(formatEntry(entry))));
}

function formatEntry(entry: LogEntry): string {
  const at = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const meta = entry.meta && Object.keys(entry.meta).length > 0 ? ` ${inspect(entry.meta, INSPECT)}` : '';
  return `${at} [${entry.level}] ${entry.message}${meta}`;
}

/** One line per entry, and no colour codes between the characters a pattern must see together. */
const INSPECT = { colors: false, breakLength: Infinity, depth: 6 } as const;

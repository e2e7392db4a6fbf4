import { Writable } from 'node:stream';
import { DefaultLogger, type LogEntry, Runtime } from '@temporalio/worker';

/** Log lines a test can read back: the API's pino JSON lines and the SDK runtime's (worker, workflow, activity). */
export interface CapturedLogs {
  readonly api: string[];
  readonly runtime: string[];
  /** A pino destination that appends to `api`. */
  readonly apiDestination: Writable;
}

/**
 * Installs the SDK runtime with a logger that records every entry down to DEBUG. The runtime is installed once per
 * process (one jest file), so this must run before anything creates a connection or worker.
 */
export function captureLogs(): CapturedLogs {
  const api: string[] = [];
  const runtime: string[] = [];
  Runtime.install({
    logger: new DefaultLogger('DEBUG', (entry: LogEntry) => {
      runtime.push(`${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {}, bigintsAsText)}`);
    }),
  });
  const apiDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      api.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { api, runtime, apiDestination };
}

function bigintsAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

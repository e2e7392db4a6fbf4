import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

/**
 * Runs activities inside a real activity Context (what the worker provides: info, heartbeats, the activity logger),
 * one MockActivityEnvironment per call, as the worker creates one per attempt. The worker's own log lines ("Activity
 * failed" with the error) are kept in `logs`, so tests can check what would reach the log.
 */
export class ActivityRunner {
  readonly logs: LogEntry[] = [];

  async run<I, R>(activity: (input: I) => Promise<R>, input: I, options: { attempt?: number } = {}): Promise<R> {
    const env = new MockActivityEnvironment(
      { attempt: options.attempt ?? 1 },
      { logger: new DefaultLogger('DEBUG', (entry) => this.logs.push(entry)) },
    );
    return env.run(activity, input);
  }

  /** Everything logged so far, as one string, for "contains no phone number" checks. */
  logText(): string {
    return JSON.stringify(this.logs, (_key, value: unknown) => {
      if (value instanceof Error) return errorText(value);
      return typeof value === 'bigint' ? value.toString() : value;
    });
  }
}

function errorText(error: Error): Record<string, unknown> {
  return { ...error, name: error.name, message: error.message, stack: error.stack, cause: error.cause };
}

import { proxyLocalActivities } from '@temporalio/workflow';
import { type FailureSummary, summariseFailure } from './failure-summary';

/** Scenario 11 (spec 2.2 "WFT heartbeat", 6.5): local activities that outlast the workflow-task timeout. */
export interface LocalActivities {
  /** Busy for `ms` of wall time (local activities run in the worker, outside time skipping). */
  takeTime(ms: number): Promise<string>;
  /** Fails until attempt `succeedOn`; returns the attempt. */
  failUntilAttempt(succeedOn: number): Promise<number>;
}

export interface LocalOutcome {
  result?: unknown;
  failure?: FailureSummary;
  elapsedMs: number;
}

export async function longLocalActivity(ms: number): Promise<LocalOutcome> {
  const { takeTime } = proxyLocalActivities<LocalActivities>({ startToCloseTimeout: '1 minute' });
  const started = Date.now();
  return { result: await takeTime(ms), elapsedMs: Date.now() - started };
}

/** Retries with a backoff short enough for Core to retry locally, or long enough to need a timer. */
export async function retriedLocalActivity(succeedOn: number, initialInterval: string): Promise<LocalOutcome> {
  const { failUntilAttempt } = proxyLocalActivities<LocalActivities>({
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval, backoffCoefficient: 1, maximumAttempts: 5 },
  });
  const started = Date.now();
  try {
    return { result: await failUntilAttempt(succeedOn), elapsedMs: Date.now() - started };
  } catch (error) {
    return { failure: summariseFailure(error), elapsedMs: Date.now() - started };
  }
}

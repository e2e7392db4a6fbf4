import {
  type ActivityOptions,
  CancellationScope,
  condition,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { type FailureSummary, summariseFailure } from './failure-summary';

/** Scenario 8 (spec 4): retries, timeouts, heartbeats, cancellation and async completion. */
export interface ActivitySemanticsActivities {
  /** Throws a retryable ApplicationFailure of `errorType` until attempt `succeedOn`; returns the attempt. */
  failUntilAttempt(succeedOn: number, errorType: string): Promise<number>;
  /** Attempt 1 asks for a specific retry delay; attempt 2 returns its attempt number. */
  failWithNextRetryDelay(delay: string): Promise<number>;
  /** Runs until cancelled (by a timeout or by the worker). */
  runUntilCancelled(): Promise<string>;
  /** Attempt 1 heartbeats `checkpoint` and then stops heartbeating; later attempts return the details they got. */
  heartbeatThenStall(checkpoint: string): Promise<unknown>;
  /** Heartbeats until the cancellation arrives. */
  heartbeatUntilCancelled(): Promise<string>;
  /** Hands its task token to the test and completes asynchronously. */
  completeLater(): Promise<string>;
}

export type ActivityName = keyof ActivitySemanticsActivities;

export interface ActivityCall {
  name: ActivityName;
  args: unknown[];
  options: ActivityOptions;
}

export interface ActivityOutcome {
  result?: unknown;
  failure?: FailureSummary;
  /** Virtual time between scheduling and the outcome, as the workflow's clock saw it. */
  elapsedMs: number;
}

export const cancelNowSignal = defineSignal('cancelNow');

function stubFor(call: ActivityCall): (...args: unknown[]) => Promise<unknown> {
  const stubs = proxyActivities<Record<ActivityName, (...args: unknown[]) => Promise<unknown>>>(call.options);
  return stubs[call.name];
}

export async function callActivity(call: ActivityCall): Promise<ActivityOutcome> {
  const started = Date.now();
  try {
    const result = await stubFor(call)(...call.args);
    return { result, elapsedMs: Date.now() - started };
  } catch (error) {
    return { failure: summariseFailure(error), elapsedMs: Date.now() - started };
  }
}

/**
 * Starts the activity in a cancellation scope and cancels it when the test signals (`onSignal`), or
 * right after the schedule command was recorded (`afterScheduling`, before any worker could start it).
 */
export async function cancelActivity(
  call: ActivityCall,
  when: 'onSignal' | 'afterScheduling',
): Promise<ActivityOutcome> {
  let cancelRequested = false;
  setHandler(cancelNowSignal, () => {
    cancelRequested = true;
  });
  const scope = new CancellationScope();
  const activity = scope.run(() => stubFor(call)(...call.args));
  if (when === 'onSignal') await condition(() => cancelRequested);
  else await sleep('10 milliseconds');
  scope.cancel();
  return await callResultOf(activity);
}

async function callResultOf(activity: Promise<unknown>): Promise<ActivityOutcome> {
  const started = Date.now();
  try {
    return { result: await activity, elapsedMs: Date.now() - started };
  } catch (error) {
    return { failure: summariseFailure(error), elapsedMs: Date.now() - started };
  }
}

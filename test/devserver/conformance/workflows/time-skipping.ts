import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

/** Scenario 12 (spec 5.1): the behaviours of the SDK's test-testenvironment.ts, and retry backoffs. */
export interface TimeSkippingActivities {
  /** Calls env.sleep(ms) from inside the activity (the test server's clock, not the wall clock). */
  sleepInTestEnv(ms: number): Promise<string>;
  failUntilAttempt(succeedOn: number): Promise<number>;
  /** Works for `ms` of wall time. */
  busyFor(ms: number): Promise<string>;
}

export const unblockSignal = defineSignal('unblock');

export async function sleepFor(ms: number): Promise<number> {
  const started = Date.now();
  await sleep(ms);
  return Date.now() - started;
}

/** Whichever finishes first in virtual time: the activity's env.sleep or the workflow timer. */
export async function raceActivityAndTimer(activitySleepMs: number, timerMs: number): Promise<string> {
  const { sleepInTestEnv } = proxyActivities<TimeSkippingActivities>({
    startToCloseTimeout: '1 hour',
    retry: { maximumAttempts: 1 },
  });
  return await Promise.race([
    sleepInTestEnv(activitySleepMs).then(() => 'activity'),
    sleep(timerMs).then(() => 'timer'),
  ]);
}

/** Fails if the signal does not arrive within `timeoutMs` of virtual time. */
export async function waitForUnblock(timeoutMs: number): Promise<string> {
  let unblocked = false;
  setHandler(unblockSignal, () => {
    unblocked = true;
  });
  return (await condition(() => unblocked, timeoutMs)) ? 'unblocked' : 'timed out';
}

export async function retriedActivity(succeedOn: number): Promise<number> {
  const { failUntilAttempt } = proxyActivities<TimeSkippingActivities>({
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 hour', backoffCoefficient: 2, maximumAttempts: succeedOn },
  });
  const started = Date.now();
  await failUntilAttempt(succeedOn);
  return Date.now() - started;
}

/** Virtual time an activity of `ms` wall milliseconds took, as the workflow saw it. */
export async function timedActivity(ms: number): Promise<number> {
  const { busyFor } = proxyActivities<TimeSkippingActivities>({ startToCloseTimeout: '1 minute' });
  const started = Date.now();
  await busyFor(ms);
  return Date.now() - started;
}

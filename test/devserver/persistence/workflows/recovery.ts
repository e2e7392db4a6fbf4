import {
  condition,
  continueAsNew,
  defineSignal,
  defineUpdate,
  executeChild,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { RecoveryActivities } from '../recovery-activities';

export const go = defineSignal<[string]>('go');

const { slowOnFirstAttempt } = proxyActivities<RecoveryActivities>({
  startToCloseTimeout: '2s',
  retry: { initialInterval: '100ms', maximumAttempts: 5 },
});

/** A signal, a timer, then an activity whose first attempt outlives its start-to-close timeout. */
export async function signalTimerActivity(): Promise<string> {
  let word = '';
  setHandler(go, (value) => {
    word = value;
  });
  await condition(() => word !== '');
  await sleep('300ms');
  const result = await slowOnFirstAttempt(word);
  return `${word}:${result}`;
}

/** Only a timer: one that falls due while the server is down. */
export async function oneTimer(ms: number): Promise<string> {
  await sleep(ms);
  return 'fired';
}

export const bump = defineUpdate<number, [number]>('bump');

/** Continues as new once, then runs a child, then waits for an update: the rest of what must survive a crash. */
export async function chained(round: number): Promise<string> {
  let total = 0;
  setHandler(bump, (n) => {
    total += n;
    return total;
  });
  if (round === 0) {
    await sleep('200ms');
    await continueAsNew<typeof chained>(1);
  }
  const child = await executeChild(childSleeper, { args: [600], workflowId: `${workflowInfo().workflowId}-child` });
  await condition(() => total > 0);
  return `${child}+${total}`;
}

export async function childSleeper(ms: number): Promise<string> {
  await sleep(ms);
  return 'child';
}

const { quick } = proxyActivities<RecoveryActivities>({ startToCloseTimeout: '2s' });

/** A signal, a timer of a length that depends on `i`, an activity, and for every third one a child. */
export async function mixed(i: number): Promise<string> {
  let word = '';
  setHandler(go, (value) => {
    word = value;
  });
  await condition(() => word !== '');
  await sleep(100 + (i % 4) * 150);
  const echoed = await quick(`${word}-${i}`);
  const child =
    i % 3 === 0
      ? await executeChild(childSleeper, { args: [200], workflowId: `${workflowInfo().workflowId}-child` })
      : 'none';
  return `${echoed}/${child}`;
}

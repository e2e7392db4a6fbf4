import { condition, defineSignal, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
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

import { condition, setHandler } from '@temporalio/workflow';
import { nudgeSignal } from './task-failure-contract';

/** Scenarios 6 and 7, second deployment: the bug is fixed, and `reshaped` lost its timer. */
export async function deployedFix(): Promise<string> {
  return Promise.resolve('fixed');
}

export async function reshaped(): Promise<string> {
  let nudged = false;
  setHandler(nudgeSignal, () => {
    nudged = true;
  });
  await condition(() => nudged);
  return 'second version';
}

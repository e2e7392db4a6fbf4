import { condition, proxySinks, setHandler, sleep } from '@temporalio/workflow';
import { type ProgressSinks, nudgeSignal } from './task-failure-contract';

/**
 * Scenarios 6 and 7, first deployment. `deployedFix` has a bug (a plain Error fails the workflow task,
 * not the workflow); `reshaped` issues a timer that the second deployment no longer issues.
 */
const { progress } = proxySinks<ProgressSinks>();

export async function deployedFix(): Promise<string> {
  progress.failing();
  return Promise.reject(new Error('bug in workflow code'));
}

export async function reshaped(): Promise<string> {
  let nudged = false;
  setHandler(nudgeSignal, () => {
    nudged = true;
  });
  await sleep('1 millisecond');
  progress.waiting();
  await condition(() => nudged);
  return 'first version';
}

import { condition, defineSignal, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export const pingSignal = defineSignal('ping');

export interface EngineBehaviourActivities {
  holdWorkflowTask(ms: number): Promise<void>;
}

/** Counts `ping` signals until `expected` arrived, then returns the count. */
export async function countPings(expected: number): Promise<number> {
  let pings = 0;
  setHandler(pingSignal, () => void pings++);
  await condition(() => pings >= expected);
  return pings;
}

/**
 * Holds its first workflow task open with a local activity, then returns the pings seen so far. A signal sent while
 * the task runs must not be lost: the server rejects the completion (UnhandledCommand) and the workflow sees it.
 */
export async function pingsAfterBusyTask(holdMs: number): Promise<number> {
  let pings = 0;
  setHandler(pingSignal, () => void pings++);
  const { holdWorkflowTask } = proxyLocalActivities<EngineBehaviourActivities>({ startToCloseTimeout: '1 minute' });
  await holdWorkflowTask(holdMs);
  return pings;
}

/** The workflow clock (virtual under time skipping) at its first task. */
export function clockAtStart(): Promise<number> {
  return Promise.resolve(Date.now());
}

import { condition, defineQuery, defineSignal, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/** Scenario 4 (spec 2.6, 6.5): queries during a running workflow task, after close, and failing ones. */
export interface QueryActivities {
  /** Resolves when the test opens its gate, so the workflow task stays started meanwhile. */
  waitForGate(): Promise<string>;
}

export const stateQuery = defineQuery<string>('state');
export const finishSignal = defineSignal('finish');

const { waitForGate } = proxyLocalActivities<QueryActivities>({ startToCloseTimeout: '30 seconds' });

export async function queryTarget(): Promise<string> {
  let state = 'started';
  let finished = false;
  setHandler(stateQuery, () => state);
  setHandler(finishSignal, () => {
    finished = true;
  });
  state = await waitForGate();
  await condition(() => finished);
  state = 'finished';
  return state;
}

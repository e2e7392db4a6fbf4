import {
  CancellationScope,
  ActivityCancellationType,
  condition,
  continueAsNew,
  defineSignal,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  startChild,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';

/** Scenario 3 (spec 6.3): every command type the TypeScript SDK emits, then continue-as-new. */
export interface KitchenSinkActivities {
  shout(text: string): Promise<string>;
  heartbeatUntilCancelled(): Promise<string>;
}

export const pokeSignal = defineSignal<[string]>('poke');

const { shout } = proxyLocalActivities<KitchenSinkActivities>({ startToCloseTimeout: '10 seconds' });
const { heartbeatUntilCancelled } = proxyActivities<KitchenSinkActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '1 second',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { maximumAttempts: 1 },
});

export interface KitchenSinkReport {
  run: number;
  shouted: string;
  childResult: string;
  cancelledTimer: boolean;
  cancelledActivity: boolean;
}

export async function kitchenSink(targetWorkflowId: string, previous?: KitchenSinkReport): Promise<KitchenSinkReport> {
  if (previous) return { ...previous, run: previous.run + 1 };

  patched('kitchen-patch');
  upsertSearchAttributes({ CustomKeywordField: ['kitchen'] });
  upsertMemo({ note: 'kitchen' });
  const shouted = await shout('local');
  const child = await startChild(kitchenChild, { args: ['child'], workflowId: `${targetWorkflowId}-child` });
  const childResult = await child.result();
  await getExternalWorkflowHandle(targetWorkflowId).signal(pokeSignal, 'poke');

  const scope = new CancellationScope();
  const longTimer = scope.run(() => sleep('100 days'));
  const activity = scope.run(() => heartbeatUntilCancelled());
  await sleep('100 milliseconds');
  scope.cancel();
  const [timerOutcome, activityOutcome] = await Promise.allSettled([longTimer, activity]);

  await getExternalWorkflowHandle(targetWorkflowId).cancel();
  const report: KitchenSinkReport = {
    run: 1,
    shouted,
    childResult,
    cancelledTimer: timerOutcome.status === 'rejected' && isCancellation(timerOutcome.reason),
    cancelledActivity: activityOutcome.status === 'rejected' && isCancellation(activityOutcome.reason),
  };
  return await continueAsNew<typeof kitchenSink>(targetWorkflowId, report);
}

export async function kitchenChild(text: string): Promise<string> {
  await sleep('1 hour');
  return text.toUpperCase();
}

/** Receives the kitchen sink's signal, then waits until the kitchen sink cancels it. */
export async function signalTarget(): Promise<string[]> {
  const pokes: string[] = [];
  setHandler(pokeSignal, (poke) => {
    pokes.push(poke);
  });
  await condition(() => pokes.length > 0);
  await condition(() => false);
  return pokes;
}

/** Continues as new `remaining` times; the client's result() must follow the whole chain. */
export async function countdown(remaining: number): Promise<string> {
  if (remaining === 0) return 'liftoff';
  return await continueAsNew<typeof countdown>(remaining - 1);
}

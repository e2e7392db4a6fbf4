import { Context } from '@temporalio/activity';
import { WorkflowFailedError } from '@temporalio/client';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { attributesOf, containsInOrder, eventTypes, eventsNamed, onlyEvent, toNumber } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { type KitchenSinkActivities, countdown, kitchenSink, signalTarget } from './workflows/kitchen-sink';

/** Scenario 3 (spec 6.3): every command type, continue-as-new chains and result() following them. */
const suite = useConformanceEnv(require.resolve('./workflows/kitchen-sink'));

const activities: KitchenSinkActivities = {
  shout: (text) => Promise.resolve(text.toUpperCase()),
  async heartbeatUntilCancelled() {
    const context = Context.current();
    // Cancellation only reaches an activity through a heartbeat response (spec 4.5).
    // context.sleep rejects with a CancelledFailure once the cancellation has arrived.
    for (;;) {
      context.heartbeat();
      await context.sleep(50);
    }
  },
};

describe.each(cacheModes)('scenario 3: every command type ($name)', (mode) => {
  it('runs the kitchen sink and follows continue-as-new to the final result', async () => {
    const { env } = suite;
    await suite.withWorker(mode, { activities }, async (taskQueue) => {
      const targetId = uniqueId('kitchen-target');
      const target = await env.client.workflow.start(signalTarget, { taskQueue, workflowId: targetId });
      const handle = await env.client.workflow.start(kitchenSink, {
        taskQueue,
        workflowId: uniqueId('kitchen-sink'),
        args: [targetId],
      });

      const report = await handle.result();
      expect(report).toEqual({
        run: 2,
        shouted: 'LOCAL',
        childResult: 'CHILD',
        cancelledTimer: true,
        cancelledActivity: true,
      });

      const firstRun = await env.client.workflow
        .getHandle(handle.workflowId, handle.firstExecutionRunId)
        .fetchHistory();
      expectWellFormedHistory(firstRun);
      const types = eventTypes(firstRun);
      expect(
        containsInOrder(types, [
          'MarkerRecorded', // patch
          'UpsertWorkflowSearchAttributes', // TemporalChangeVersion, from patched()
          'UpsertWorkflowSearchAttributes',
          'WorkflowPropertiesModified',
          'MarkerRecorded', // local activity
          'StartChildWorkflowExecutionInitiated',
          'ChildWorkflowExecutionStarted',
          'ChildWorkflowExecutionCompleted',
          'SignalExternalWorkflowExecutionInitiated',
          'ExternalWorkflowExecutionSignaled',
          'TimerStarted',
          'ActivityTaskScheduled',
          'TimerStarted',
          'TimerFired',
          'TimerCanceled',
          'ActivityTaskCancelRequested',
          'ActivityTaskStarted',
          'ActivityTaskCanceled',
          'RequestCancelExternalWorkflowExecutionInitiated',
          'ExternalWorkflowExecutionCancelRequested',
          'WorkflowExecutionContinuedAsNew',
        ]),
      ).toBe(true);
      expect(types.at(-1)).toBe('WorkflowExecutionContinuedAsNew');

      const [patchUpsert, customUpsert] = eventsNamed(firstRun, 'UpsertWorkflowSearchAttributes').map(attributesOf);
      expect(JSON.stringify(patchUpsert)).toContain('TemporalChangeVersion');
      expect(JSON.stringify(customUpsert)).toContain('CustomKeywordField');
      const continued = attributesOf(onlyEvent(firstRun, 'WorkflowExecutionContinuedAsNew'));
      const secondRunId = continued.newExecutionRunId;
      expect(secondRunId).toEqual(expect.any(String));
      expect(secondRunId).not.toBe(handle.firstExecutionRunId);

      const secondRun = await env.client.workflow.getHandle(handle.workflowId, secondRunId as string).fetchHistory();
      expectWellFormedHistory(secondRun);
      const secondStarted = attributesOf(onlyEvent(secondRun, 'WorkflowExecutionStarted'));
      expect(secondStarted.firstExecutionRunId).toBe(handle.firstExecutionRunId);
      expect(secondStarted.continuedExecutionRunId).toBe(handle.firstExecutionRunId);
      expect(eventTypes(secondRun).at(-1)).toBe('WorkflowExecutionCompleted');

      // Memo and search attributes carry over to the continued run.
      const description = await handle.describe();
      expect(description.runId).toBe(secondRunId);
      expect(description.memo).toEqual({ note: 'kitchen' });
      expect(description.searchAttributes).toMatchObject({ CustomKeywordField: ['kitchen'] });
      const firstDescription = await env.client.workflow
        .getHandle(handle.workflowId, handle.firstExecutionRunId)
        .describe();
      expect(firstDescription.status.name).toBe('CONTINUED_AS_NEW');

      // The target got the signal, then the cancel request, and cancelled itself.
      const targetError = await target.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(targetError).toBeInstanceOf(WorkflowFailedError);
      const targetHistory = await target.fetchHistory();
      expectWellFormedHistory(targetHistory);
      expect(
        containsInOrder(eventTypes(targetHistory), [
          'WorkflowExecutionSignaled',
          'WorkflowExecutionCancelRequested',
          'WorkflowExecutionCanceled',
        ]),
      ).toBe(true);

      const childHistory = await env.client.workflow.getHandle(`${targetId}-child`).fetchHistory();
      expectWellFormedHistory(childHistory);
      const childStarted = attributesOf(onlyEvent(childHistory, 'WorkflowExecutionStarted'));
      expect(childStarted.parentWorkflowExecution).toMatchObject({
        workflowId: handle.workflowId,
        runId: handle.firstExecutionRunId,
      });
      expect(toNumber(childStarted.parentInitiatedEventId)).toBe(
        toNumber(onlyEvent(firstRun, 'StartChildWorkflowExecutionInitiated').eventId),
      );
    });
  });

  it('follows a chain of continue-as-new runs to the last result', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(countdown, {
        taskQueue,
        workflowId: uniqueId('countdown'),
        args: [3],
      });
      expect(await handle.result()).toBe('liftoff');

      let runId = handle.firstExecutionRunId;
      for (let remaining = 3; remaining > 0; remaining -= 1) {
        const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        expectWellFormedHistory(history);
        expect(eventTypes(history).at(-1)).toBe('WorkflowExecutionContinuedAsNew');
        const next = attributesOf(onlyEvent(history, 'WorkflowExecutionContinuedAsNew')).newExecutionRunId as string;
        const nextStarted = attributesOf(
          onlyEvent(
            await env.client.workflow.getHandle(handle.workflowId, next).fetchHistory(),
            'WorkflowExecutionStarted',
          ),
        );
        expect(nextStarted.continuedExecutionRunId).toBe(runId);
        expect(nextStarted.firstExecutionRunId).toBe(handle.firstExecutionRunId);
        runId = next;
      }
      const last = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      expect(eventTypes(last).at(-1)).toBe('WorkflowExecutionCompleted');
      expect((await handle.describe()).runId).toBe(runId);
    });
  });
});

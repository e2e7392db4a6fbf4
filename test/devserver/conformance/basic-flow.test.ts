import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { attributesOf, durationMs, eventTypes, eventsNamed, onlyEvent, timestampMs, toNumber } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { type BasicFlowActivities, addNoteUpdate, approveSignal, basicFlow, stageQuery } from './workflows/basic-flow';

/** Scenario 2 (spec 6.1): activity, timer, legacy query, update, signal and result on one run. */
const suite = useConformanceEnv(require.resolve('./workflows/basic-flow'));

const activities: BasicFlowActivities = {
  greet: (name) => Promise.resolve(`Hello, ${name}!`),
};

const dayMs = 24 * 60 * 60 * 1000;

describe.each(cacheModes)('scenario 2: activity, timer, query, update, signal ($name)', (mode) => {
  it('runs the whole flow and writes the history of spec 6.1', async () => {
    const { env } = suite;
    await suite.withWorker(mode, { activities }, async (taskQueue) => {
      const workflowId = uniqueId('basic-flow');
      const handle = await env.client.workflow.start(basicFlow, { taskQueue, workflowId, args: ['Ada'] });

      // Time skips past the one-day timer while the test sleeps two (virtual) days.
      await env.sleep('2 days');
      expect(await handle.query(stageQuery)).toBe('waiting-for-approval');
      expect(await handle.executeUpdate(addNoteUpdate, { args: ['fragile'] })).toBe(1);
      await handle.signal(approveSignal, 'grace');
      const result = await handle.result();

      expect(result).toEqual({
        greeting: 'Hello, Ada!',
        approvedBy: 'grace',
        notes: ['fragile'],
        timerElapsedMs: expect.any(Number),
      });
      expect(result.timerElapsedMs).toBeGreaterThanOrEqual(dayMs);

      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      // The legacy query writes nothing; the update runs in its own workflow task.
      expect(eventTypes(history)).toEqual([
        'WorkflowExecutionStarted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'ActivityTaskScheduled',
        'ActivityTaskStarted',
        'ActivityTaskCompleted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'TimerStarted',
        'TimerFired',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'WorkflowExecutionUpdateAccepted',
        'WorkflowExecutionUpdateCompleted',
        'WorkflowExecutionSignaled',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'WorkflowExecutionCompleted',
      ]);

      const started = attributesOf(onlyEvent(history, 'WorkflowExecutionStarted'));
      expect(started.originalExecutionRunId).toBe(handle.firstExecutionRunId);
      expect(durationMs(started.workflowTaskTimeout)).toBe(10_000);
      expect(started.workflowRunTimeout ?? null).toBeNull();
      expect(toNumber(started.attempt)).toBe(1);

      // Core only remembers SDK flags through history (spec 2.5).
      const firstCompletion = attributesOf(eventsNamed(history, 'WorkflowTaskCompleted')[0]!);
      expect(firstCompletion.sdkMetadata).toMatchObject({ sdkName: 'temporal-typescript', sdkVersion: '1.24.0' });

      const activityStarted = attributesOf(onlyEvent(history, 'ActivityTaskStarted'));
      expect(toNumber(activityStarted.attempt)).toBe(1);

      const timerStarted = onlyEvent(history, 'TimerStarted');
      const timerFired = onlyEvent(history, 'TimerFired');
      expect(attributesOf(timerFired).timerId).toBe(attributesOf(timerStarted).timerId);
      expect(timestampMs(timerFired.eventTime) - timestampMs(timerStarted.eventTime)).toBeGreaterThanOrEqual(dayMs);

      const accepted = attributesOf(onlyEvent(history, 'WorkflowExecutionUpdateAccepted'));
      expect(accepted.acceptedRequest).toMatchObject({ input: { name: 'addNote' } });
      expect(accepted.protocolInstanceId).toEqual(expect.any(String));
      const completed = attributesOf(onlyEvent(history, 'WorkflowExecutionUpdateCompleted'));
      expect(completed.meta).toMatchObject({ updateId: accepted.protocolInstanceId });

      const signaled = attributesOf(onlyEvent(history, 'WorkflowExecutionSignaled'));
      expect(signaled.signalName).toBe('approve');

      const description = await handle.describe();
      expect(description.status.name).toBe('COMPLETED');
      expect(description.historyLength).toBe(25);
      expect(description.type).toBe('basicFlow');
      expect(description.taskQueue).toBe(taskQueue);
    });
  });
});

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { type History, eventTypeName, eventTypes, eventsNamed, eventsOf } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { type LocalActivities, longLocalActivity, retriedLocalActivity } from './workflows/local-activities';

/** Scenario 11: local activities, workflow-task heartbeats and local retries. */
const suite = useConformanceEnv(require.resolve('./workflows/local-activities'));

function localActivities(attempts: number[]): LocalActivities {
  return {
    async takeTime(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return `took ${ms} ms`;
    },
    failUntilAttempt(succeedOn) {
      const { attempt } = Context.current().info;
      attempts.push(attempt);
      if (attempt < succeedOn) return Promise.reject(ApplicationFailure.retryable(`attempt ${attempt} failed`));
      return Promise.resolve(attempt);
    },
  };
}

/** Workflow-task heartbeats: a completion with no command events, directly followed by the next task. */
function workflowTaskHeartbeats(history: History): number {
  const types = eventsOf(history).map(eventTypeName);
  return types.filter(
    (type, index) =>
      type === 'WorkflowTaskCompleted' &&
      types[index + 1] === 'WorkflowTaskScheduled' &&
      types[index + 2] === 'WorkflowTaskStarted',
  ).length;
}

describe.each(cacheModes)('scenario 11: local activities ($name)', (mode) => {
  it('keeps a workflow task alive with heartbeats while a local activity outlasts 80% of its timeout', async () => {
    await suite.withWorker(mode, { activities: localActivities([]) }, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(longLocalActivity, {
        taskQueue,
        workflowId: uniqueId('long-local-activity'),
        args: [2_500],
        // Core completes the task with force_create_new_workflow_task at 80% of this (0.8 s).
        workflowTaskTimeout: '1 second',
      });
      const outcome = await handle.result();
      expect(outcome.result).toBe('took 2500 ms');

      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(workflowTaskHeartbeats(history)).toBeGreaterThanOrEqual(2);
      expect(eventTypes(history)).not.toContain('WorkflowTaskTimedOut');
      expect(eventTypes(history)).not.toContain('WorkflowTaskFailed');
      expect(eventsNamed(history, 'MarkerRecorded')).toHaveLength(1);
    });
  });

  it('retries a local activity in the worker when the backoff is short', async () => {
    const attempts: number[] = [];
    await suite.withWorker(mode, { activities: localActivities(attempts) }, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(retriedLocalActivity, {
        taskQueue,
        workflowId: uniqueId('local-retry'),
        args: [3, '10 milliseconds'],
      });
      expect((await handle.result()).result).toBe(3);
      expect(attempts).toEqual([1, 2, 3]);
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(eventTypes(history)).not.toContain('TimerStarted');
      expect(eventsNamed(history, 'MarkerRecorded')).toHaveLength(1);
    });
  });

  it('backs off with a server timer (skipped in virtual time) when the backoff is long', async () => {
    const attempts: number[] = [];
    await suite.withWorker(mode, { activities: localActivities(attempts) }, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(retriedLocalActivity, {
        taskQueue,
        workflowId: uniqueId('local-retry-timer'),
        args: [2, '2 hours'],
      });
      const outcome = await handle.result();
      expect(outcome.result).toBe(2);
      expect(outcome.elapsedMs).toBeGreaterThanOrEqual(2 * 60 * 60 * 1000);
      expect(attempts).toEqual([1, 2]);
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      // Core records the failed attempt, sleeps on a timer, then records the success.
      expect(eventTypes(history)).toEqual(expect.arrayContaining(['TimerStarted', 'TimerFired']));
    });
  });
});

import { Client, QueryNotRegisteredError, QueryRejectedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { deferred } from './harness/deferred';
import { type History, eventTypes } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { waitForHistory } from './harness/wait-for-history';
import { type QueryActivities, finishSignal, queryTarget, stateQuery } from './workflows/queries';

/** Scenario 4 (spec 2.6, 6.5): consistent queries, legacy queries, closed runs, errors, reject conditions. */
const suite = useConformanceEnv(require.resolve('./workflows/queries'));

/** Local activity that parks the first workflow task until the test opens the gate. */
function gatedActivities(): { activities: QueryActivities; entered: Promise<void>; open(state: string): void } {
  const entered = deferred();
  const gate = deferred<string>();
  return {
    activities: {
      waitForGate: () => {
        entered.resolve();
        return gate.promise;
      },
    },
    entered: entered.promise,
    open: (state) => gate.resolve(state),
  };
}

/**
 * A query that reaches the server before the first workflow task has started rides on that task and is
 * answered before the local activity resolves; these tests want the settled state, so they wait for it.
 */
async function firstTaskCompleted(handle: { fetchHistory(): Promise<History> }): Promise<void> {
  await waitForHistory(handle, (history) => eventTypes(history).includes('WorkflowTaskCompleted'));
}

describe.each(cacheModes)('scenario 4: queries ($name)', (mode) => {
  it('answers a query sent while a workflow task is running with the state after that task', async () => {
    const { env } = suite;
    const gated = gatedActivities();
    await suite.withWorker(mode, { activities: gated.activities }, async (taskQueue) => {
      const handle = await env.client.workflow.start(queryTarget, { taskQueue, workflowId: uniqueId('query-target') });
      await gated.entered;
      const duringTask = handle.query(stateQuery);
      // Give the query time to reach the server while the task is still started; whichever way it is
      // delivered, it must see the state the task produced, never the state before it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      gated.open('local-activity-done');
      expect(await duringTask).toBe('local-activity-done');

      // No workflow task outstanding now: a legacy query task.
      expect(await handle.query(stateQuery)).toBe('local-activity-done');

      await handle.signal(finishSignal);
      expect(await handle.result()).toBe('finished');
      // Closed runs still answer queries, from their final state.
      expect(await handle.query(stateQuery)).toBe('finished');

      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      // Queries never write events.
      expect(eventTypes(history)).toEqual([
        'WorkflowExecutionStarted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'MarkerRecorded',
        'WorkflowExecutionSignaled',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'WorkflowExecutionCompleted',
      ]);
    });
  });

  it('reports a query without a handler with the worker message, as QueryNotRegisteredError', async () => {
    const { env } = suite;
    const gated = gatedActivities();
    gated.open('ready');
    await suite.withWorker(mode, { activities: gated.activities }, async (taskQueue) => {
      const handle = await env.client.workflow.start(queryTarget, { taskQueue, workflowId: uniqueId('query-missing') });
      await firstTaskCompleted(handle);
      expect(await handle.query(stateQuery)).toBe('ready');

      const error = await handle.query('not-a-query').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(QueryNotRegisteredError);
      expect((error as QueryNotRegisteredError).message).toBe(
        'Workflow did not register a handler for not-a-query. Registered queries: ' +
          '[__stack_trace __enhanced_stack_trace __temporal_workflow_metadata state]',
      );
      await handle.terminate('test over');
    });
  });

  it('honours the query reject condition', async () => {
    const { env } = suite;
    const gated = gatedActivities();
    gated.open('ready');
    const rejectingClient = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      workflow: { queryRejectCondition: 'NOT_OPEN' },
    });
    await suite.withWorker(mode, { activities: gated.activities }, async (taskQueue) => {
      const handle = await env.client.workflow.start(queryTarget, { taskQueue, workflowId: uniqueId('query-reject') });
      const viaRejectingClient = rejectingClient.workflow.getHandle(handle.workflowId);
      await firstTaskCompleted(handle);
      expect(await viaRejectingClient.query(stateQuery)).toBe('ready');

      await handle.signal(finishSignal);
      await handle.result();
      const error = await viaRejectingClient.query(stateQuery).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(QueryRejectedError);
      expect((error as QueryRejectedError).status).toBe(
        temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
      );
      // Without a reject condition the closed run still answers.
      expect(await handle.query(stateQuery)).toBe('finished');
    });
  });
});

import { type WorkflowBundle } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { cacheModes } from './harness/cache-modes';
import { bundleWorkflows, useConformanceEnv } from './harness/conformance-env';
import { deferred } from './harness/deferred';
import { type History, attributesOf, eventTypeName, eventsNamed, eventsOf, toNumber } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { waitForHistory } from './harness/wait-for-history';
import { nudgeSignal } from './workflows/task-failure-contract';
import { deployedFix, reshaped } from './workflows/task-failure-v1';

/**
 * Scenarios 6 and 7: workflow-task failures and their retries (spec 2.2 "Attempts"), and
 * non-determinism after a code change. The same workflow types exist in two deployments (bundles).
 */
const suite = useConformanceEnv(require.resolve('./workflows/task-failure-v1'));
let secondDeployment: WorkflowBundle | undefined;

beforeAll(async () => {
  secondDeployment = await bundleWorkflows(require.resolve('./workflows/task-failure-v2'));
});

const { WorkflowTaskFailedCause } = temporal.api.enums.v1;

function workflowTaskFailures(history: History): Record<string, unknown>[] {
  return eventsNamed(history, 'WorkflowTaskFailed').map(attributesOf);
}

/** Sinks for the first deployment; the second one calls none. */
function progressSinks(onFailing: () => void, onWaiting: () => void) {
  return {
    progress: {
      failing: { fn: onFailing, callDuringReplay: true },
      waiting: { fn: onWaiting, callDuringReplay: false },
    },
  };
}

describe.each(cacheModes)('scenarios 6 and 7: workflow-task failures ($name)', (mode) => {
  it('retries a failing workflow task after its timeout until fixed code completes it', async () => {
    const { env } = suite;
    const taskQueue = uniqueId('deployed-fix');
    let attemptsSeen = 0;
    const thirdAttempt = deferred();
    const sinks = progressSinks(
      () => {
        attemptsSeen += 1;
        if (attemptsSeen === 3) thirdAttempt.resolve();
      },
      () => undefined,
    );

    const handle = await suite.withWorker(
      mode,
      { sinks },
      async () => {
        const started = await env.client.workflow.start(deployedFix, {
          taskQueue,
          workflowId: uniqueId('deployed-fix'),
          // Core reports only attempt 1; later attempts come back only through this timeout.
          workflowTaskTimeout: '1 second',
        });
        await thirdAttempt.promise;
        return started;
      },
      taskQueue,
    );
    const result = await suite.withWorker(mode, { workflowBundle: secondDeployment }, () => handle.result(), taskQueue);
    expect(result).toBe('fixed');

    const history = await handle.fetchHistory();
    expectWellFormedHistory(history);
    const [failure, ...others] = workflowTaskFailures(history);
    expect(others).toEqual([]); // attempts after the first are never reported by Core
    expect(failure?.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE);
    expect(failure?.failure).toMatchObject({ message: 'bug in workflow code' });

    // The task that finally completed is a retry beyond the three attempts the old code saw.
    const events = eventsOf(history);
    const completed = events.findIndex((event) => eventTypeName(event) === 'WorkflowTaskCompleted');
    const scheduled = events
      .slice(0, completed)
      .filter((event) => eventTypeName(event) === 'WorkflowTaskScheduled')
      .at(-1);
    expect(toNumber(scheduled ? attributesOf(scheduled).attempt : 0)).toBeGreaterThanOrEqual(4);
    expect(eventsNamed(history, 'WorkflowExecutionCompleted')).toHaveLength(1);
  });

  it('fails the workflow task with NON_DETERMINISTIC_ERROR when changed code replays old history', async () => {
    const { env } = suite;
    const taskQueue = uniqueId('reshaped');
    const waiting = deferred();
    const sinks = progressSinks(
      () => undefined,
      () => waiting.resolve(),
    );

    const handle = await suite.withWorker(
      mode,
      { sinks },
      async () => {
        const started = await env.client.workflow.start(reshaped, { taskQueue, workflowId: uniqueId('reshaped') });
        await waiting.promise;
        return started;
      },
      taskQueue,
    );

    const history = await suite.withWorker(
      mode,
      { workflowBundle: secondDeployment },
      async () => {
        await handle.signal(nudgeSignal);
        return await waitForHistory(handle, (current) => workflowTaskFailures(current).length > 0);
      },
      taskQueue,
    );
    expectWellFormedHistory(history);
    const [failure] = workflowTaskFailures(history);
    expect(failure?.cause).toBe(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR);
    expect(JSON.stringify(failure?.failure)).toMatch(/[Nn]ondetermin/);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('non-determinism observed');
  });
});

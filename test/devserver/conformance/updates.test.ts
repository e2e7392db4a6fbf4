import {
  WithStartWorkflowOperation,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { CancelledFailure, WorkflowNotFoundError } from '@temporalio/common';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { type History, attributesOf, eventTypes, eventsNamed } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { rejectionOf } from './harness/rejection';
import { finishSignal, releaseSignal, setValueUpdate, updatable, waitForReleaseUpdate } from './workflows/updates';

/** Scenario 5 (spec 2.8): the update protocol as the 1.24 client and worker use it. */
const suite = useConformanceEnv(require.resolve('./workflows/updates'));

function acceptedUpdateIds(history: History): unknown[] {
  return eventsNamed(history, 'WorkflowExecutionUpdateAccepted').map((event) => attributesOf(event).protocolInstanceId);
}

describe.each(cacheModes)('scenario 5: updates ($name)', (mode) => {
  it('accepts and completes an update, recording both events', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(updatable, { taskQueue, workflowId: uniqueId('update-ok') });
      expect(await handle.executeUpdate(setValueUpdate, { args: ['a'], updateId: 'first' })).toBe('set a');
      // Same update id again: deduplicated, the stored outcome comes back, the handler does not run twice.
      expect(await handle.executeUpdate(setValueUpdate, { args: ['a'], updateId: 'first' })).toBe('set a');
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['a']);

      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(acceptedUpdateIds(history)).toEqual(['first']);
      expect(eventsNamed(history, 'WorkflowExecutionUpdateCompleted')).toHaveLength(1);
    });
  });

  it('rejects through the validator and for a missing handler, writing no update events', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(updatable, { taskQueue, workflowId: uniqueId('update-reject') });

      const invalid = await rejectionOf(handle.executeUpdate(setValueUpdate, { args: [''] }));
      expect(invalid).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((invalid as WorkflowUpdateFailedError).cause?.message).toBe('value must not be empty');

      const unhandled = await rejectionOf(handle.executeUpdate('noSuchUpdate', { args: [] }));
      expect(unhandled).toBeInstanceOf(WorkflowUpdateFailedError);
      expect((unhandled as WorkflowUpdateFailedError).cause?.message).toBe(
        'No registered handler for update: noSuchUpdate',
      );

      // The workflow is unaffected and still takes valid updates.
      expect(await handle.executeUpdate(setValueUpdate, { args: ['b'] })).toBe('set b');
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['b']);

      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(acceptedUpdateIds(history)).toHaveLength(1);
    });
  });

  it('refuses an update after the workflow completed', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(updatable, { taskQueue, workflowId: uniqueId('update-late') });
      await handle.signal(finishSignal);
      await handle.result();
      const late = await rejectionOf(handle.executeUpdate(setValueUpdate, { args: ['late'] }));
      expect(late).toBeInstanceOf(WorkflowNotFoundError);
      expect((late as Error).message).toBe('workflow execution already completed');
    });
  });

  it('returns at ACCEPTED from startUpdate and delivers the outcome through the update handle', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(updatable, { taskQueue, workflowId: uniqueId('update-accepted') });
      const update = await handle.startUpdate(waitForReleaseUpdate, {
        args: ['slow'],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      let history = await handle.fetchHistory();
      expect(eventTypes(history)).toContain('WorkflowExecutionUpdateAccepted');
      expect(eventTypes(history)).not.toContain('WorkflowExecutionUpdateCompleted');

      await handle.signal(releaseSignal);
      expect(await update.result()).toBe('released slow');
      await handle.signal(finishSignal);
      expect(await handle.result()).toEqual(['slow']);
      history = await handle.fetchHistory();
      expectWellFormedHistory(history);
    });
  });

  it('holds an 11th in-flight update back until the first ten have finished', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(updatable, { taskQueue, workflowId: uniqueId('update-limit') });
      const labels = Array.from({ length: 10 }, (_, index) => `u${index}`);
      const inFlight = await Promise.all(
        labels.map((label) =>
          handle.startUpdate(waitForReleaseUpdate, { args: [label], waitForStage: WorkflowUpdateStage.ACCEPTED }),
        ),
      );

      let eleventhAccepted = false;
      const eleventh = handle
        .startUpdate(waitForReleaseUpdate, { args: ['u10'], waitForStage: WorkflowUpdateStage.ACCEPTED })
        .then((update) => {
          eleventhAccepted = true;
          return update;
        });
      // The server answers RESOURCE_EXHAUSTED and the client backs off (1 s first); a server without
      // the limit would have accepted it within a few milliseconds.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(eleventhAccepted).toBe(false);

      await handle.signal(releaseSignal);
      expect(await Promise.all(inFlight.map((update) => update.result()))).toEqual(
        labels.map((label) => `released ${label}`),
      );
      expect(await (await eleventh).result()).toBe('released u10');
      await handle.signal(finishSignal);
      expect(await handle.result()).toHaveLength(11);
      expectWellFormedHistory(await handle.fetchHistory());
    });
  });

  it('runs update-with-start against a new run and then against the existing one', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const workflowId = uniqueId('update-with-start');
      const startOperation = () =>
        new WithStartWorkflowOperation(updatable, { taskQueue, workflowId, workflowIdConflictPolicy: 'USE_EXISTING' });

      const first = startOperation();
      expect(
        await env.client.workflow.executeUpdateWithStart(setValueUpdate, {
          args: ['x'],
          startWorkflowOperation: first,
        }),
      ).toBe('set x');
      const second = startOperation();
      expect(
        await env.client.workflow.executeUpdateWithStart(setValueUpdate, {
          args: ['y'],
          startWorkflowOperation: second,
        }),
      ).toBe('set y');
      const [firstHandle, secondHandle] = await Promise.all([first.workflowHandle(), second.workflowHandle()]);
      expect((await secondHandle.describe()).runId).toBe((await firstHandle.describe()).runId);

      await firstHandle.signal(finishSignal);
      expect(await firstHandle.result()).toEqual(['x', 'y']);
      expectWellFormedHistory(await firstHandle.fetchHistory());
    });
  });

  it('fails an accepted update when the workflow is cancelled before the update finishes', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(updatable, {
        taskQueue,
        workflowId: uniqueId('update-cancelled'),
      });
      const update = await handle.startUpdate(waitForReleaseUpdate, {
        args: ['never'],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await handle.cancel();

      const workflowError = await rejectionOf(handle.result());
      expect(workflowError).toBeInstanceOf(WorkflowFailedError);
      expect((workflowError as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
      expect(await rejectionOf(update.result())).toBeInstanceOf(WorkflowUpdateFailedError);

      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(eventTypes(history).at(-1)).toBe('WorkflowExecutionCanceled');
    });
  });
});

import { WorkflowFailedError } from '@temporalio/client';
import { TerminatedFailure } from '@temporalio/common';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { type History, attributesOf, containsInOrder, eventTypes, onlyEvent } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { rejectionOf } from './harness/rejection';
import { type ChildCase, closingParent, parentOf, waitForeverChild } from './workflows/child-workflows';

/** Scenario 9 (spec 2.9, 3.11): child workflows and parent-close policies. */
const suite = useConformanceEnv(require.resolve('./workflows/child-workflows'));

describe.each(cacheModes)('scenario 9: child workflows ($name)', (mode) => {
  const runParent = async (childCase: ChildCase, childId = uniqueId(`child-${childCase}`)) =>
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(parentOf, {
        taskQueue,
        workflowId: uniqueId(`parent-${childCase}`),
        args: [childCase, childId],
      });
      const outcome = await handle.result();
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      return { outcome, history, childId, taskQueue };
    });

  const expectChildEvents = (history: History, ...outcome: string[]) =>
    expect(
      containsInOrder(eventTypes(history), [
        'StartChildWorkflowExecutionInitiated',
        'ChildWorkflowExecutionStarted',
        ...outcome,
      ]),
    ).toBe(true);

  it('returns the result of a child that succeeds (after its own timer)', async () => {
    const { outcome, history, childId } = await runParent('success');
    expect(outcome).toEqual({ result: 'child says hi' });
    expectChildEvents(history, 'ChildWorkflowExecutionCompleted');
    const childHistory = await suite.env.client.workflow.getHandle(childId).fetchHistory();
    expectWellFormedHistory(childHistory);
    const started = attributesOf(onlyEvent(childHistory, 'WorkflowExecutionStarted'));
    expect(started.parentWorkflowExecution).toMatchObject({ workflowId: expect.stringMatching(/^parent-success-/) });
    expect(started.rootWorkflowExecution).toMatchObject({ workflowId: expect.stringMatching(/^parent-success-/) });
  });

  it('surfaces a failing child as ChildWorkflowFailure with the application failure as cause', async () => {
    const { outcome, history } = await runParent('failure');
    expect(outcome.failure).toMatchObject({
      kind: 'child',
      cause: { kind: 'application', type: 'ChildBroke', message: 'child broke' },
    });
    expectChildEvents(history, 'ChildWorkflowExecutionFailed');
  });

  it('times a child out on its execution timeout (retry state TIMEOUT)', async () => {
    const { outcome, history } = await runParent('timeout');
    expect(outcome.failure).toMatchObject({ kind: 'child', retryState: 'TIMEOUT', cause: { kind: 'timeout' } });
    expectChildEvents(history, 'ChildWorkflowExecutionTimedOut');
  });

  it('fails startChild inside the parent when the child id is already running', async () => {
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const childId = uniqueId('taken');
      const squatter = await suite.env.client.workflow.start(waitForeverChild, { taskQueue, workflowId: childId });
      const handle = await suite.env.client.workflow.start(parentOf, {
        taskQueue,
        workflowId: uniqueId('parent-conflict'),
        args: ['idConflict', childId],
      });
      const outcome = await handle.result();
      expect(outcome.failure).toMatchObject({ kind: 'other', name: 'WorkflowExecutionAlreadyStartedError' });
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(
        containsInOrder(eventTypes(history), [
          'StartChildWorkflowExecutionInitiated',
          'StartChildWorkflowExecutionFailed',
        ]),
      ).toBe(true);
      await squatter.terminate('test over');
    });
  });

  it('cancels a running child and reports the cancellation to the parent', async () => {
    const { outcome, history, childId } = await runParent('cancel');
    expect(outcome.failure).toMatchObject({ kind: 'child', cause: { kind: 'cancelled' } });
    expectChildEvents(
      history,
      'RequestCancelExternalWorkflowExecutionInitiated',
      'ExternalWorkflowExecutionCancelRequested',
      'ChildWorkflowExecutionCanceled',
    );
    const child = await suite.env.client.workflow.getHandle(childId).describe();
    expect(child.status.name).toBe('CANCELLED');
  });

  describe.each([
    ['TERMINATE', 'TERMINATED'],
    ['REQUEST_CANCEL', 'CANCELLED'],
    ['ABANDON', 'COMPLETED'],
  ] as const)('parent-close policy %s', (policy, childStatus) => {
    it(`ends with the child ${childStatus}`, async () => {
      await suite.withWorker(mode, {}, async (taskQueue) => {
        const childId = uniqueId(`closing-${policy}`);
        const parent = await suite.env.client.workflow.start(closingParent, {
          taskQueue,
          workflowId: uniqueId(`closing-parent-${policy}`),
          args: [policy, childId],
        });
        await parent.result();
        expectWellFormedHistory(await parent.fetchHistory());
        const child = suite.env.client.workflow.getHandle(childId);

        if (policy === 'ABANDON') {
          // Left alone: its one-day timer is fast-forwarded after the parent is gone (possibly already in the
          // moment between the parent's result and the client re-locking time), and it completes normally.
          expect(await child.result()).toBe('woke up');
          const childTypes = eventTypes(await child.fetchHistory());
          expect(childTypes).not.toContain('WorkflowExecutionCancelRequested');
          expect(childTypes).not.toContain('WorkflowExecutionTerminated');
        } else {
          const error = await rejectionOf(child.result());
          expect(error).toBeInstanceOf(WorkflowFailedError);
          if (policy === 'TERMINATE') expect((error as WorkflowFailedError).cause).toBeInstanceOf(TerminatedFailure);
        }
        expect((await child.describe()).status.name).toBe(childStatus);
        expectWellFormedHistory(await child.fetchHistory());
      });
    });
  });
});

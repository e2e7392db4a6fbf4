import { ServiceError, WorkflowFailedError } from '@temporalio/client';
import { TimeoutFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { type History, attributesOf, durationMs, eventTypes, onlyEvent, toNumber } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import { rejectionOf } from './harness/rejection';
import {
  datetimeKey,
  doubleKey,
  failsOnce,
  finishSignal,
  firstTaskDelay,
  quickly,
  sleeper,
  waitForFinish,
} from './workflows/start-options';

/** Scenario 10 (spec 2.9, 2.11): start options and what describe/list/count report. */
const suite = useConformanceEnv(require.resolve('./workflows/start-options'));

const hourMs = 60 * 60 * 1000;

describe.each(cacheModes)('scenario 10: start options ($name)', (mode) => {
  it('applies the id-reuse policies to closed runs', async () => {
    const { client } = suite.env;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const completedId = uniqueId('reuse-completed');
      await client.workflow.execute(quickly, { taskQueue, workflowId: completedId, args: ['complete'] });
      // Default (ALLOW_DUPLICATE): a new run.
      await client.workflow.execute(quickly, { taskQueue, workflowId: completedId, args: ['complete'] });
      for (const workflowIdReusePolicy of ['REJECT_DUPLICATE', 'ALLOW_DUPLICATE_FAILED_ONLY'] as const) {
        const refused = await rejectionOf(
          client.workflow.start(quickly, {
            taskQueue,
            workflowId: completedId,
            args: ['complete'],
            workflowIdReusePolicy,
          }),
        );
        expect(refused).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      }

      const failedId = uniqueId('reuse-failed');
      await rejectionOf(client.workflow.execute(quickly, { taskQueue, workflowId: failedId, args: ['fail'] }));
      const retried = await client.workflow.execute(quickly, {
        taskQueue,
        workflowId: failedId,
        args: ['complete'],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      expect(retried).toBe('done');
    });
  });

  it('applies the id-conflict policies to a running workflow', async () => {
    const { client } = suite.env;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const workflowId = uniqueId('conflict');
      const original = await client.workflow.start(waitForFinish, { taskQueue, workflowId });

      const refused = await rejectionOf(client.workflow.start(waitForFinish, { taskQueue, workflowId }));
      expect(refused).toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

      const existing = await client.workflow.start(waitForFinish, {
        taskQueue,
        workflowId,
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      expect(existing.firstExecutionRunId).toBe(original.firstExecutionRunId);

      const replacement = await client.workflow.start(waitForFinish, {
        taskQueue,
        workflowId,
        workflowIdConflictPolicy: 'TERMINATE_EXISTING',
      });
      expect(replacement.firstExecutionRunId).not.toBe(original.firstExecutionRunId);
      const originalRun = client.workflow.getHandle(workflowId, original.firstExecutionRunId);
      expect((await originalRun.describe()).status.name).toBe('TERMINATED');

      await replacement.signal(finishSignal);
      await replacement.result();
    });
  });

  it('delays the first workflow task by startDelay', async () => {
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(firstTaskDelay, {
        taskQueue,
        workflowId: uniqueId('start-delay'),
        startDelay: '2 hours',
      });
      expect(await handle.result()).toBeGreaterThanOrEqual(2 * hourMs);
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      const started = attributesOf(onlyEvent(history, 'WorkflowExecutionStarted'));
      expect(durationMs(started.firstWorkflowTaskBackoff)).toBe(2 * hourMs);
    });
  });

  it('retries a failed workflow by its retry policy, passing the last failure on', async () => {
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(failsOnce, {
        taskQueue,
        workflowId: uniqueId('workflow-retry'),
        retry: { maximumAttempts: 2, initialInterval: '1 minute' },
      });
      expect(await handle.result()).toEqual({ attempt: 2, lastFailureMessage: 'first attempt fails' });

      const firstRun = await suite.env.client.workflow
        .getHandle(handle.workflowId, handle.firstExecutionRunId)
        .fetchHistory();
      expectWellFormedHistory(firstRun);
      expect(eventTypes(firstRun).at(-1)).toBe('WorkflowExecutionFailed');
      const nextRunId = attributesOf(onlyEvent(firstRun, 'WorkflowExecutionFailed')).newExecutionRunId as string;
      expect(nextRunId).toEqual(expect.any(String));

      const secondRun = await suite.env.client.workflow.getHandle(handle.workflowId, nextRunId).fetchHistory();
      expectWellFormedHistory(secondRun);
      const started = attributesOf(onlyEvent(secondRun, 'WorkflowExecutionStarted'));
      expect(toNumber(started.attempt)).toBe(2);
      expect(started.firstExecutionRunId).toBe(handle.firstExecutionRunId);
      expect(started.continuedFailure).toMatchObject({ message: 'first attempt fails' });
      expect(durationMs(started.firstWorkflowTaskBackoff)).toBe(60_000);
    });
  });

  it.each([
    ['workflowExecutionTimeout', { workflowExecutionTimeout: '1 hour' }],
    ['workflowRunTimeout', { workflowRunTimeout: '1 hour' }],
  ] as const)('times a workflow out on its %s', async (_name, timeout) => {
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(sleeper, {
        taskQueue,
        workflowId: uniqueId('timeout'),
        args: ['1 day'],
        ...timeout,
      });
      const error = await rejectionOf(handle.result());
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((error as WorkflowFailedError).message).toBe('Workflow execution timed out');
      expect((error as WorkflowFailedError).cause).toBeInstanceOf(TimeoutFailure);
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(eventTypes(history).at(-1)).toBe('WorkflowExecutionTimedOut');
    });
  });

  it('stores memo and untyped search attributes, and describes the run', async () => {
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(waitForFinish, {
        taskQueue,
        workflowId: uniqueId('memo'),
        memo: { owner: 'ops', retries: 2 },
        searchAttributes: { CustomKeywordField: ['kw'], CustomIntField: [5] },
      });
      const description = await handle.describe();
      expect(description).toMatchObject({
        workflowId: handle.workflowId,
        runId: handle.firstExecutionRunId,
        type: 'waitForFinish',
        taskQueue,
        status: { name: 'RUNNING' },
        memo: { owner: 'ops', retries: 2 },
        searchAttributes: { CustomKeywordField: ['kw'], CustomIntField: [5] },
      });
      // At least WorkflowExecutionStarted and WorkflowTaskScheduled; the first task may not have started yet.
      expect(description.historyLength).toBeGreaterThanOrEqual(2);
      expect(description.startTime).toBeInstanceOf(Date);
      expect(description.closeTime).toBeUndefined();
      const config = description.raw.executionConfig;
      expect(durationMs(config?.defaultWorkflowTaskTimeout)).toBe(10_000);
      expect(config?.workflowRunTimeout ?? null).toBeNull();
      expect(config?.workflowExecutionTimeout ?? null).toBeNull();

      await handle.signal(finishSignal);
      const report = await handle.result();
      expect(report.memo).toEqual({ owner: 'ops', retries: 2 });
      expect(report.searchAttributes).toMatchObject({ CustomKeywordField: ['kw'], CustomIntField: [5] });
      expect((await handle.describe()).closeTime).toBeInstanceOf(Date);
    });
  });

  it('round-trips typed search attributes to the workflow and to describe()', async () => {
    const when = new Date('2024-05-01T10:00:00.000Z');
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(waitForFinish, {
        taskQueue,
        workflowId: uniqueId('typed-search-attributes'),
        typedSearchAttributes: [
          { key: doubleKey, value: 1.5 },
          { key: datetimeKey, value: when },
        ],
      });
      const description = await handle.describe();
      expect(description.typedSearchAttributes.get(doubleKey)).toBe(1.5);
      expect(description.typedSearchAttributes.get(datetimeKey)?.toISOString()).toBe(when.toISOString());
      await handle.signal(finishSignal);
      expect(await handle.result()).toMatchObject({ typedDouble: 1.5, typedDatetime: when.toISOString() });
    });
  });

  it('lists and counts workflows with visibility queries', async () => {
    const { client } = suite.env;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const done = [uniqueId('listed-a'), uniqueId('listed-b')];
      for (const workflowId of done)
        await client.workflow.execute(quickly, { taskQueue, workflowId, args: ['complete'] });
      const running = await client.workflow.start(waitForFinish, {
        taskQueue,
        workflowId: uniqueId('listed-running'),
        searchAttributes: { CustomKeywordField: ['needle'] },
      });

      expect(await client.workflow.count(`TaskQueue = '${taskQueue}'`)).toEqual({ count: 3, groups: [] });
      expect(await client.workflow.count(`TaskQueue = '${taskQueue}' GROUP BY ExecutionStatus`)).toEqual({
        count: 3,
        groups: [
          { count: 1, groupValues: [['Running']] },
          { count: 2, groupValues: [['Completed']] },
        ],
      });

      const listed = [];
      for await (const info of client.workflow.list({ query: `TaskQueue = '${taskQueue}' ORDER BY StartTime ASC` })) {
        listed.push(info);
      }
      expect(listed.map(({ workflowId }) => workflowId)).toEqual([...done, running.workflowId]);
      expect(listed.map(({ status }) => status.name)).toEqual(['COMPLETED', 'COMPLETED', 'RUNNING']);

      const byIds = [];
      for await (const info of client.workflow.list({ query: `WorkflowId IN ('${done[0]}', '${done[1]}')` })) {
        byIds.push(info.workflowId);
      }
      expect(byIds.sort()).toEqual([...done].sort());

      const needles = [];
      for await (const info of client.workflow.list({
        query: `CustomKeywordField = 'needle' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`,
      })) {
        needles.push(info.workflowId);
      }
      expect(needles).toEqual([running.workflowId]);

      const histories = [];
      for await (const { workflowId, history } of client.workflow
        .list({ query: `WorkflowId IN ('${done[0]}', '${done[1]}')` })
        .intoHistories()) {
        expectWellFormedHistory(history as History);
        histories.push(workflowId);
      }
      expect(histories.sort()).toEqual([...done].sort());

      const invalid = await rejectionOf(client.workflow.count(`NoSuchAttribute = 'x'`));
      expect(invalid).toBeInstanceOf(ServiceError);
      expect((invalid as ServiceError).cause).toMatchObject({
        code: 3,
        details: expect.stringContaining('NoSuchAttribute'),
      });

      await running.signal(finishSignal);
      await running.result();
    });
  });
});

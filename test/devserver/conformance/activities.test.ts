import { CompleteAsyncError, Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { deferred } from './harness/deferred';
import { type History, attributesOf, durationMs, eventTypes, onlyEvent, toNumber } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import {
  type ActivityCall,
  type ActivitySemanticsActivities,
  callActivity,
  cancelActivity,
  cancelNowSignal,
} from './workflows/activity-semantics';

/** Scenario 8 (spec 4): retry policy, timeouts, heartbeats, cancellation types and async completion. */
const suite = useConformanceEnv(require.resolve('./workflows/activity-semantics'));

const minuteMs = 60_000;

/** Activity fakes for one test, recording what the worker saw. */
function activityFakes() {
  const attempts: number[] = [];
  const started = deferred();
  const taskToken = deferred<Uint8Array>();
  const observed = { cancellation: false };
  const activities: ActivitySemanticsActivities = {
    failUntilAttempt(succeedOn, errorType) {
      const { attempt } = Context.current().info;
      attempts.push(attempt);
      if (attempt < succeedOn)
        return Promise.reject(ApplicationFailure.retryable(`attempt ${attempt} failed`, errorType));
      return Promise.resolve(attempt);
    },
    failWithNextRetryDelay(delay) {
      const { attempt } = Context.current().info;
      attempts.push(attempt);
      if (attempt === 1) {
        return Promise.reject(
          ApplicationFailure.create({ message: 'try later', nextRetryDelay: delay as `${number}h` }),
        );
      }
      return Promise.resolve(attempt);
    },
    async runUntilCancelled() {
      started.resolve();
      return await Context.current().cancelled;
    },
    async heartbeatThenStall(checkpoint) {
      const context = Context.current();
      attempts.push(context.info.attempt);
      if (context.info.attempt > 1) return context.info.heartbeatDetails as unknown;
      context.heartbeat(checkpoint);
      return await context.cancelled;
    },
    async heartbeatUntilCancelled() {
      const context = Context.current();
      started.resolve();
      try {
        for (;;) {
          context.heartbeat();
          await context.sleep(50);
        }
      } catch (error) {
        observed.cancellation = error instanceof CancelledFailure;
        throw error;
      }
    },
    completeLater() {
      taskToken.resolve(Context.current().info.taskToken);
      return Promise.reject(new CompleteAsyncError());
    },
  };
  return { activities, attempts, started: started.promise, taskToken: taskToken.promise, observed };
}

function scheduledActivity(history: History): Record<string, unknown> {
  return attributesOf(onlyEvent(history, 'ActivityTaskScheduled'));
}

describe.each(cacheModes)('scenario 8: activities ($name)', (mode) => {
  const run = async (
    fakes: ReturnType<typeof activityFakes>,
    call: ActivityCall,
  ): Promise<{ outcome: Awaited<ReturnType<typeof callActivity>>; history: History }> =>
    await suite.withWorker(mode, { activities: fakes.activities }, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(callActivity, {
        taskQueue,
        workflowId: uniqueId(call.name),
        args: [call],
      });
      const outcome = await handle.result();
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      return { outcome, history };
    });

  it('retries with exponential backoff (skipped in virtual time) until an attempt succeeds', async () => {
    const fakes = activityFakes();
    const { outcome, history } = await run(fakes, {
      name: 'failUntilAttempt',
      args: [3, 'Flaky'],
      options: {
        startToCloseTimeout: '10 seconds',
        retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 5 },
      },
    });
    expect(outcome.result).toBe(3);
    expect(fakes.attempts).toEqual([1, 2, 3]);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(3 * minuteMs); // 1 + 2 minutes of backoff
    expect(toNumber(attributesOf(onlyEvent(history, 'ActivityTaskStarted')).attempt)).toBe(3);
    // Defaults are filled in: maximum interval 100 × initial.
    const retryPolicy = scheduledActivity(history).retryPolicy as Record<string, unknown>;
    expect(durationMs(retryPolicy.initialInterval)).toBe(minuteMs);
    expect(durationMs(retryPolicy.maximumInterval)).toBe(100 * minuteMs);
    expect(retryPolicy.maximumAttempts).toBe(5);
  });

  it('stops at maximumAttempts and reports the last failure', async () => {
    const fakes = activityFakes();
    const { outcome, history } = await run(fakes, {
      name: 'failUntilAttempt',
      args: [99, 'Flaky'],
      options: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '1 minute', maximumAttempts: 3 } },
    });
    expect(fakes.attempts).toEqual([1, 2, 3]);
    expect(outcome.failure).toMatchObject({
      kind: 'activity',
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
      cause: { kind: 'application', type: 'Flaky', message: 'attempt 3 failed' },
    });
    expect(eventTypes(history)).toContain('ActivityTaskFailed');
    expect(toNumber(attributesOf(onlyEvent(history, 'ActivityTaskStarted')).attempt)).toBe(3);
  });

  it('does not retry error types listed as non-retryable', async () => {
    const fakes = activityFakes();
    const { outcome } = await run(fakes, {
      name: 'failUntilAttempt',
      args: [99, 'Fatal'],
      options: {
        startToCloseTimeout: '10 seconds',
        retry: { initialInterval: '1 minute', nonRetryableErrorTypes: ['Fatal'] },
      },
    });
    expect(fakes.attempts).toEqual([1]);
    expect(outcome.failure).toMatchObject({ retryState: 'NON_RETRYABLE_FAILURE', cause: { type: 'Fatal' } });
  });

  it('waits the nextRetryDelay the failure asked for', async () => {
    const fakes = activityFakes();
    const { outcome } = await run(fakes, {
      name: 'failWithNextRetryDelay',
      args: ['3h'],
      options: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '1 second' } },
    });
    expect(outcome.result).toBe(2);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(3 * 60 * minuteMs);
  });

  it('stops retrying when the next attempt would start after the schedule-to-close deadline', async () => {
    const fakes = activityFakes();
    const { outcome } = await run(fakes, {
      name: 'failUntilAttempt',
      args: [99, 'Flaky'],
      // Attempts at 0, 10 and 30 minutes; the next would be at 70 > 60.
      options: { scheduleToCloseTimeout: '1 hour', retry: { initialInterval: '10 minutes', backoffCoefficient: 2 } },
    });
    expect(fakes.attempts).toEqual([1, 2, 3]);
    expect(outcome.failure).toMatchObject({ kind: 'activity', retryState: 'TIMEOUT' });
  });

  it('times out an attempt that outlives its start-to-close timeout', async () => {
    const fakes = activityFakes();
    const { outcome, history } = await run(fakes, {
      name: 'runUntilCancelled',
      args: [],
      options: { startToCloseTimeout: '1 second', retry: { maximumAttempts: 1 } },
    });
    expect(outcome.failure).toMatchObject({
      kind: 'activity',
      retryState: 'MAXIMUM_ATTEMPTS_REACHED',
      cause: { kind: 'timeout', timeoutType: 'START_TO_CLOSE' },
    });
    expect(eventTypes(history)).toContain('ActivityTaskTimedOut');
  });

  it('times out a silent attempt on its heartbeat timeout and hands its details to the next attempt', async () => {
    const fakes = activityFakes();
    const { outcome, history } = await run(fakes, {
      name: 'heartbeatThenStall',
      args: ['checkpoint-1'],
      options: {
        startToCloseTimeout: '1 minute',
        heartbeatTimeout: '1 second',
        retry: { initialInterval: '1 second', maximumAttempts: 2 },
      },
    });
    expect(fakes.attempts).toEqual([1, 2]);
    expect(outcome.result).toBe('checkpoint-1');
    expect(toNumber(attributesOf(onlyEvent(history, 'ActivityTaskStarted')).attempt)).toBe(2);
  });

  describe.each([
    ['TRY_CANCEL', ['ActivityTaskCancelRequested'], ['ActivityTaskCanceled']],
    ['WAIT_CANCELLATION_COMPLETED', ['ActivityTaskCancelRequested', 'ActivityTaskCanceled'], []],
    ['ABANDON', [], ['ActivityTaskCancelRequested', 'ActivityTaskCanceled']],
  ] as const)('cancelling a started, heartbeating activity with %s', (cancellationType, present, absent) => {
    it('resolves the workflow side and records the matching events', async () => {
      const fakes = activityFakes();
      await suite.withWorker(mode, { activities: fakes.activities }, async (taskQueue) => {
        const handle = await suite.env.client.workflow.start(cancelActivity, {
          taskQueue,
          workflowId: uniqueId(`cancel-${cancellationType}`),
          args: [
            {
              name: 'heartbeatUntilCancelled',
              args: [],
              options: {
                startToCloseTimeout: '1 minute',
                heartbeatTimeout: '1 second',
                cancellationType,
                retry: { maximumAttempts: 1 },
              },
            },
            'onSignal',
          ],
        });
        await fakes.started;
        await handle.signal(cancelNowSignal);
        const outcome = await handle.result();
        expect(outcome.failure).toMatchObject({ kind: 'activity', cause: { kind: 'cancelled' } });

        const history = await handle.fetchHistory();
        expectWellFormedHistory(history);
        const types = eventTypes(history);
        for (const name of present) expect(types).toContain(name);
        for (const name of absent) expect(types).not.toContain(name);
        // Waiting for the cancellation means the activity itself saw it (through a heartbeat response).
        if (cancellationType === 'WAIT_CANCELLATION_COMPLETED') expect(fakes.observed.cancellation).toBe(true);
      });
    });
  });

  it('cancels an activity that no worker has started yet without waiting for one', async () => {
    const fakes = activityFakes();
    await suite.withWorker(mode, { activities: fakes.activities }, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(cancelActivity, {
        taskQueue,
        workflowId: uniqueId('cancel-before-start'),
        args: [
          {
            name: 'runUntilCancelled',
            args: [],
            // Nobody polls this queue, so the activity stays scheduled.
            options: {
              taskQueue: uniqueId('nobody'),
              startToCloseTimeout: '1 minute',
              cancellationType: 'WAIT_CANCELLATION_COMPLETED',
            },
          },
          'afterScheduling',
        ],
      });
      const outcome = await handle.result();
      expect(outcome.failure).toMatchObject({ kind: 'activity', cause: { kind: 'cancelled' } });
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(eventTypes(history)).not.toContain('ActivityTaskStarted');
      expect(toNumber(attributesOf(onlyEvent(history, 'ActivityTaskCanceled')).startedEventId)).toBe(0);
    });
  });

  it('completes activities asynchronously, by task token and by activity id', async () => {
    const byToken = activityFakes();
    await suite.withWorker(mode, { activities: byToken.activities }, async (taskQueue) => {
      const handle = await suite.env.client.workflow.start(callActivity, {
        taskQueue,
        workflowId: uniqueId('async-by-token'),
        args: [{ name: 'completeLater', args: [], options: { startToCloseTimeout: '1 minute' } }],
      });
      await suite.env.client.activity.complete(await byToken.taskToken, 'done by token');
      expect((await handle.result()).result).toBe('done by token');
      expectWellFormedHistory(await handle.fetchHistory());
    });

    const byId = activityFakes();
    await suite.withWorker(mode, { activities: byId.activities }, async (taskQueue) => {
      const workflowId = uniqueId('async-by-id');
      const handle = await suite.env.client.workflow.start(callActivity, {
        taskQueue,
        workflowId,
        args: [{ name: 'completeLater', args: [], options: { startToCloseTimeout: '1 minute', activityId: 'by-id' } }],
      });
      await byId.taskToken;
      await suite.env.client.activity.complete({ workflowId, activityId: 'by-id' }, 'done by id');
      expect((await handle.result()).result).toBe('done by id');
      expectWellFormedHistory(await handle.fetchHistory());
    });
  });
});

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { eventTypes } from './harness/history';
import { expectWellFormedHistory } from './harness/history-invariants';
import { uniqueId } from './harness/ids';
import {
  type TimeSkippingActivities,
  raceActivityAndTimer,
  retriedActivity,
  sleepFor,
  timedActivity,
  unblockSignal,
  waitForUnblock,
} from './workflows/time-skipping';

/**
 * Scenario 12 (spec 5): time skipping through TestWorkflowEnvironment.createTimeSkipping with the
 * temporal-lite launcher. Wall-clock bounds are generous: they only separate "skipped" from "waited".
 */
const suite = useConformanceEnv(require.resolve('./workflows/time-skipping'));

const hourMs = 60 * 60 * 1000;
const wallBoundMs = 20_000;

function timeSkippingActivities(attempts: number[]): TimeSkippingActivities {
  return {
    async sleepInTestEnv(ms) {
      // Race the worker's cancellation so that a shut-down worker never waits for a sleep nobody needs.
      await Promise.race([suite.env.sleep(ms), Context.current().cancelled]);
      return 'slept';
    },
    failUntilAttempt(succeedOn) {
      const { attempt } = Context.current().info;
      attempts.push(attempt);
      if (attempt < succeedOn) return Promise.reject(ApplicationFailure.retryable(`attempt ${attempt} failed`));
      return Promise.resolve(attempt);
    },
    async busyFor(ms) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return 'done';
    },
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; wallMs: number }> {
  const started = Date.now();
  const value = await work();
  return { value, wallMs: Date.now() - started };
}

describe.each(cacheModes)('scenario 12: time skipping ($name)', (mode) => {
  it('completes a long workflow sleep in little wall time and moves currentTimeMs with it', async () => {
    const { env } = suite;
    await suite.withWorker(mode, { activities: timeSkippingActivities([]) }, async (taskQueue) => {
      const before = await env.currentTimeMs();
      const { value: sleptMs, wallMs } = await timed(() =>
        env.client.workflow.execute(sleepFor, { taskQueue, workflowId: uniqueId('long-sleep'), args: [1_000_000] }),
      );
      expect(sleptMs).toBeGreaterThanOrEqual(1_000_000);
      expect(wallMs).toBeLessThan(wallBoundMs);
      expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(1_000_000);
    });
  });

  it('moves currentTimeMs by env.sleep', async () => {
    const { env } = suite;
    const before = await env.currentTimeMs();
    const { wallMs } = await timed(() => env.sleep('1 day'));
    expect((await env.currentTimeMs()) - before).toBeGreaterThanOrEqual(24 * hourMs);
    expect(wallMs).toBeLessThan(wallBoundMs);
  });

  it.each([
    ['activity', 1_000_000, 1_500_000],
    ['timer', 1_500_000, 1_000_000],
  ] as const)(
    'lets an activity calling env.sleep race a workflow timer: %s wins',
    async (winner, activityMs, timerMs) => {
      const { env } = suite;
      await suite.withWorker(mode, { activities: timeSkippingActivities([]) }, async (taskQueue) => {
        const { value, wallMs } = await timed(() =>
          env.client.workflow.execute(raceActivityAndTimer, {
            taskQueue,
            workflowId: uniqueId(`race-${winner}`),
            args: [activityMs, timerMs],
          }),
        );
        expect(value).toBe(winner);
        expect(wallMs).toBeLessThan(wallBoundMs);
      });
    },
  );

  it('keeps skipping time after an activity outlived its workflow', async () => {
    const { env } = suite;
    // The activity's env.sleep (1.5 M ms) is still pending when the workflow returns after its timer.
    await suite.withWorker(mode, { activities: timeSkippingActivities([]) }, async (taskQueue) => {
      expect(
        await env.client.workflow.execute(raceActivityAndTimer, {
          taskQueue,
          workflowId: uniqueId('orphan-activity'),
          args: [1_500_000, 1_000_000],
        }),
      ).toBe('timer');
      const { value: sleptMs, wallMs } = await timed(() =>
        env.client.workflow.execute(sleepFor, { taskQueue, workflowId: uniqueId('after-orphan'), args: [24 * hourMs] }),
      );
      expect(sleptMs).toBeGreaterThanOrEqual(24 * hourMs);
      expect(wallMs).toBeLessThan(wallBoundMs);
    });
  });

  it('does not fire a later workflow timer when env.sleep precedes the signal', async () => {
    const { env } = suite;
    await suite.withWorker(mode, {}, async (taskQueue) => {
      const handle = await env.client.workflow.start(waitForUnblock, {
        taskQueue,
        workflowId: uniqueId('sleep-then-signal'),
        args: [2_000_000],
      });
      await env.sleep(1_000_000);
      await handle.signal(unblockSignal);
      expect(await handle.result()).toBe('unblocked');
      const history = await handle.fetchHistory();
      expectWellFormedHistory(history);
      expect(eventTypes(history)).not.toContain('TimerFired');
      expect(eventTypes(history)).toContain('TimerCanceled');
    });
  });

  it('does not skip time while activities run, however many result() calls are waiting', async () => {
    const { env } = suite;
    await suite.withWorker(mode, { activities: timeSkippingActivities([]) }, async (taskQueue) => {
      // Every result() call unlocks time skipping; the running activities and workflow tasks must still
      // hold it back. If they did not, the clock would jump to the next server timer (a 10 s workflow-task
      // timeout or the 1 minute activity timeout) while the activities work.
      const handles = await Promise.all(
        Array.from({ length: 5 }, (_, index) =>
          env.client.workflow.start(timedActivity, { taskQueue, workflowId: uniqueId(`busy-${index}`), args: [300] }),
        ),
      );
      const elapsed = await Promise.all(handles.map((handle) => handle.result()));
      for (const virtualMs of elapsed) expect(virtualMs).toBeLessThan(5_000);
      for (const handle of handles) {
        const types = eventTypes(await handle.fetchHistory());
        expect(types).not.toContain('WorkflowTaskTimedOut');
        expect(types).not.toContain('ActivityTaskTimedOut');
      }
    });
  });

  it('skips activity retry backoffs', async () => {
    const { env } = suite;
    const attempts: number[] = [];
    await suite.withWorker(mode, { activities: timeSkippingActivities(attempts) }, async (taskQueue) => {
      const { value: elapsedMs, wallMs } = await timed(() =>
        env.client.workflow.execute(retriedActivity, { taskQueue, workflowId: uniqueId('retry-backoff'), args: [3] }),
      );
      expect(attempts).toEqual([1, 2, 3]);
      expect(elapsedMs).toBeGreaterThanOrEqual(3 * hourMs); // 1 h + 2 h of backoff
      expect(wallMs).toBeLessThan(wallBoundMs);
    });
  });
});

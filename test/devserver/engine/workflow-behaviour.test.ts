import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createTestEnv } from '../../helpers/temporal-env';
import {
  clockAtStart,
  countPings,
  type EngineBehaviourActivities,
  pingsAfterBusyTask,
  pingSignal,
} from './workflows/engine-behaviour';

/** Engine behaviour the conformance suite does not pin down, against the real SDK and the launcher. */
const START = '2026-03-08T06:00:00.000Z';
const hourMs = 3_600_000;

describe('temporal-lite engine behaviour', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundle;

  beforeAll(async () => {
    [env, bundle] = await Promise.all([
      createTestEnv({ extraArgs: ['--start-time', START] }),
      bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/engine-behaviour') }),
    ]);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const activities: EngineBehaviourActivities = {
    holdWorkflowTask: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };

  async function withWorker<T>(body: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `engine-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    return await worker.runUntil(body(taskQueue));
  }

  it('starts the virtual clock at --start-time, as workflows and currentTimeMs see it', async () => {
    const now = await env.currentTimeMs();
    expect(now).toBeGreaterThanOrEqual(Date.parse(START));
    expect(now).toBeLessThan(Date.parse(START) + hourMs);
    await withWorker(async (taskQueue) => {
      const seen = await env.client.workflow.execute(clockAtStart, { taskQueue, workflowId: `clock-${randomUUID()}` });
      expect(seen).toBeGreaterThanOrEqual(Date.parse(START));
      expect(seen).toBeLessThan(Date.parse(START) + hourMs);
    });
  });

  it('signal-with-start signals the running workflow by default instead of starting another', async () => {
    await withWorker(async (taskQueue) => {
      const workflowId = `sws-${randomUUID()}`;
      const options = { taskQueue, workflowId, args: [2] as [number], signal: pingSignal, signalArgs: [] as [] };
      const first = await env.client.workflow.signalWithStart(countPings, options);
      const second = await env.client.workflow.signalWithStart(countPings, options);
      expect(second.signaledRunId).toBe(first.signaledRunId);
      expect(await first.result()).toBe(2);
    });
  });

  it('lets signal-with-start cut a start delay short', async () => {
    await withWorker(async (taskQueue) => {
      const workflowId = `delayed-${randomUUID()}`;
      await env.client.workflow.start(countPings, { taskQueue, workflowId, args: [1], startDelay: '1 day' });
      const before = await env.currentTimeMs();
      const handle = await env.client.workflow.signalWithStart(countPings, {
        taskQueue,
        workflowId,
        args: [1],
        signal: pingSignal,
        signalArgs: [],
      });
      expect(await handle.result()).toBe(1);
      // Without the bypass, result() would have let time skip the whole day.
      expect((await env.currentTimeMs()) - before).toBeLessThan(hourMs);
    });
  });

  it('does not lose a signal that arrives while the completing workflow task runs', async () => {
    await withWorker(async (taskQueue) => {
      const handle = await env.client.workflow.start(pingsAfterBusyTask, {
        taskQueue,
        workflowId: `busy-${randomUUID()}`,
        args: [1_500],
      });
      // Wait until the first task is running (its local activity holds it open), then signal.
      for (let i = 0; i < 100 && (await handle.describe()).historyLength < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await handle.signal(pingSignal);
      expect(await handle.result()).toBe(1);
      const types = (await handle.fetchHistory()).events?.map((e) => e.eventType) ?? [];
      // The first completion was refused with UnhandledCommand: a WorkflowTaskFailed sits before the close.
      expect(types).toContain(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    });
  });
});

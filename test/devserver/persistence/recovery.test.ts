import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { freePort } from '../../helpers/free-port';
import { PersistentServer } from './helpers/persistent-server';
import { startRecoveryWorker } from './helpers/recovery-worker';
import { attemptStarts } from './recovery-activities';
import { go, oneTimer, signalTimerActivity } from './workflows/recovery';

/**
 * temporal-lite with --db-filename, killed with SIGKILL while a real SDK worker has a workflow mid-activity and
 * another with a timer pending, restarted on the same file: the workflows finish with the results and the history
 * an uninterrupted run gives, the running attempt is retried after its start-to-close timeout, and the timer that
 * fell due while the server was down fires at once.
 */
jest.setTimeout(60_000);

const EventType = temporal.api.enums.v1.EventType;

let dir: string;
let server: PersistentServer;
let address: string;
let bundle: WorkflowBundle;

async function until(predicate: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function eventsOf(client: Client, workflowId: string) {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}

function typesOf(events: readonly temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.map((event) => EventType[event.eventType ?? 0] ?? String(event.eventType));
}

function timeOf(event: temporal.api.history.v1.IHistoryEvent | undefined): number {
  return Number(event?.eventTime?.seconds ?? 0) * 1000 + Math.floor((event?.eventTime?.nanos ?? 0) / 1e6);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-lite-recovery-'));
  server = new PersistentServer(await freePort(), path.join(dir, 'temporal.db'));
  address = server.address;
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/recovery') });
});

afterAll(async () => {
  await server.kill();
  await rm(dir, { recursive: true, force: true });
});

it('workflows survive SIGKILL of the server: same results and histories; running activity and due timer recover', async () => {
  await server.start();
  const taskQueue = 'recovery';
  const worker = await startRecoveryWorker(address, taskQueue, bundle);
  let connection = await Connection.connect({ address });
  let client = new Client({ connection });
  try {
    // An uninterrupted run, for comparison: attempt 1 of its activity also times out and attempt 2 completes.
    const control = await client.workflow.start(signalTimerActivity, { taskQueue, workflowId: 'control' });
    await control.signal(go, 'control');
    expect(await control.result()).toBe('control:control-attempt-2');
    const controlTypes = typesOf(await eventsOf(client, 'control'));

    const crashed = await client.workflow.start(signalTimerActivity, {
      taskQueue,
      workflowId: 'crashed',
      workflowTaskTimeout: '2s',
    });
    await crashed.signal(go, 'crashed');
    await client.workflow.start(oneTimer, { taskQueue, workflowId: 'timer', args: [800] });
    await until(() => (attemptStarts.get('crashed')?.length ?? 0) === 1, 'the first activity attempt');
    await until(
      async () => typesOf(await eventsOf(client, 'timer')).includes('EVENT_TYPE_TIMER_STARTED'),
      'the timer to start',
    );
    const timerStartedAt = timeOf((await eventsOf(client, 'timer')).find((e) => e.timerStartedEventAttributes));

    await server.kill();
    await connection.close();
    // Down for longer than the timer has left to run.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await server.start();
    const restartedAt = Date.now();
    connection = await Connection.connect({ address });
    client = new Client({ connection });

    expect(await client.workflow.getHandle('crashed').result()).toBe('crashed:crashed-attempt-2');
    expect(typesOf(await eventsOf(client, 'crashed'))).toEqual(controlTypes);
    const [first, second] = attemptStarts.get('crashed') ?? [];
    expect(second?.attempt).toBe(2);
    // Retried only once its start-to-close (2 s from its start, not from the restart) had passed.
    expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(2_000);

    expect(await client.workflow.getHandle('timer').result()).toBe('fired');
    const timerEvents = await eventsOf(client, 'timer');
    expect(typesOf(timerEvents)).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_TIMER_STARTED',
      'EVENT_TYPE_TIMER_FIRED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
    ]);
    // Due while the server was down: fired as soon as it was back, not 800 ms after the restart.
    const firedAt = timeOf(timerEvents.find((e) => e.timerFiredEventAttributes));
    expect(firedAt - timerStartedAt).toBeGreaterThanOrEqual(800);
    expect(firedAt - restartedAt).toBeLessThan(500);
  } finally {
    await worker.stop();
    await connection.close();
  }
});

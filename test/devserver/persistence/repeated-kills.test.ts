import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort } from '../../helpers/free-port';
import { PersistentServer } from './helpers/persistent-server';
import { startRecoveryWorker } from './helpers/recovery-worker';
import { go, mixed } from './workflows/recovery';

/**
 * A small version of issue 14's crash test: workflows mixing signals, timers, activities and children, the server
 * SIGKILLed at seeded random moments three times and restarted on the same file. Every workflow completes with the
 * result of an uninterrupted run and the same history apart from workflow-task bookkeeping (a task started when
 * the server died times out and is retried, as on the real server).
 */
jest.setTimeout(90_000);

const EventType = temporal.api.enums.v1.EventType;
const WORKFLOWS = 12;
const SEED = 14;

/** mulberry32: a small seeded PRNG, so a failing schedule of kills can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORKFLOW_TASK_EVENTS = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
]);

async function eventTypes(client: Client, workflowId: string): Promise<string[]> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events
    .map((e) => e.eventType ?? 0)
    .filter((type) => !WORKFLOW_TASK_EVENTS.has(type))
    .map((type) => EventType[type] ?? '');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let server: PersistentServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-lite-kills-'));
  server = new PersistentServer(await freePort(), path.join(dir, 'temporal.db'));
});

afterAll(async () => {
  await server.kill();
  await rm(dir, { recursive: true, force: true });
});

it(`${WORKFLOWS} workflows survive three seeded SIGKILLs with their results and histories`, async () => {
  const random = seeded(SEED);
  await server.start();
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/recovery') });
  const taskQueue = 'kills';
  const worker = await startRecoveryWorker(server.address, taskQueue, bundle);
  let connection = await Connection.connect({ address: server.address });
  let client = new Client({ connection });
  const ids = Array.from({ length: WORKFLOWS }, (_, i) => i);
  try {
    const control = await Promise.all(
      ids.map((i) => client.workflow.start(mixed, { taskQueue, workflowId: `control-${i}`, args: [i] })),
    );
    await Promise.all(control.map((handle) => handle.signal(go, 'w')));
    const expectedResults = await Promise.all(control.map((handle) => handle.result()));
    const expectedHistories = await Promise.all(ids.map((i) => eventTypes(client, `control-${i}`)));

    const crashed = await Promise.all(
      ids.map((i) =>
        client.workflow.start(mixed, { taskQueue, workflowId: `crashed-${i}`, args: [i], workflowTaskTimeout: '1s' }),
      ),
    );
    await Promise.all(crashed.map((handle) => handle.signal(go, 'w')));
    for (let kill = 0; kill < 3; kill++) {
      await sleep(100 + random() * 500);
      await server.kill();
      await connection.close();
      await sleep(random() * 500);
      await server.start();
      connection = await Connection.connect({ address: server.address });
      client = new Client({ connection });
    }
    const results = await Promise.all(ids.map((i) => client.workflow.getHandle(`crashed-${i}`).result()));
    expect(results).toEqual(expectedResults);
    const histories = await Promise.all(ids.map((i) => eventTypes(client, `crashed-${i}`)));
    expect(histories).toEqual(expectedHistories);
  } finally {
    await worker.stop();
    await connection.close();
  }
});

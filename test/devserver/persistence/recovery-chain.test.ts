import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { freePort } from '../../helpers/free-port';
import { PersistentServer } from './helpers/persistent-server';
import { startRecoveryWorker } from './helpers/recovery-worker';
import { bump, chained } from './workflows/recovery';

/**
 * Continue-as-new, a child workflow and an update across a SIGKILL: the server dies while the child's timer is
 * pending (it falls due while the server is down); after the restart the child completes, the parent sees it, an
 * update is accepted and completed, and every run's history has the event types of an uninterrupted run.
 */
jest.setTimeout(60_000);

const EventType = temporal.api.enums.v1.EventType;
const WorkflowStatus = temporal.api.enums.v1.WorkflowExecutionStatus;

let dir: string;
let server: PersistentServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-lite-chain-'));
  server = new PersistentServer(await freePort(), path.join(dir, 'temporal.db'));
});

afterAll(async () => {
  await server.kill();
  await rm(dir, { recursive: true, force: true });
});

async function until(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await predicate().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function status(client: Client, workflowId: string): Promise<number | undefined> {
  const description = await client.workflow.getHandle(workflowId).describe();
  return description.raw.workflowExecutionInfo?.status ?? undefined;
}

/** Event types of every run of the chain (oldest first) and of the child. */
async function histories(client: Client, workflowId: string): Promise<string[][]> {
  const runs: string[][] = [];
  const listed = client.workflow.list({ query: `WorkflowId = '${workflowId}' OR WorkflowId = '${workflowId}-child'` });
  const executions: Array<{ workflowId: string; runId: string; startTime: Date }> = [];
  for await (const execution of listed) executions.push(execution);
  executions.sort((a, b) => a.workflowId.localeCompare(b.workflowId) || a.startTime.getTime() - b.startTime.getTime());
  for (const execution of executions) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    runs.push((history.events ?? []).map((e) => EventType[e.eventType ?? 0] ?? ''));
  }
  return runs;
}

it('continue-as-new, a child whose timer fell due while the server was down, and an update survive SIGKILL', async () => {
  await server.start();
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/recovery') });
  const taskQueue = 'chain';
  const worker = await startRecoveryWorker(server.address, taskQueue, bundle);
  let connection = await Connection.connect({ address: server.address });
  let client = new Client({ connection });
  const childClosed = (id: string) => async () =>
    (await status(client, `${id}-child`)) === WorkflowStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
  try {
    const control = await client.workflow.start(chained, { taskQueue, workflowId: 'control', args: [0] });
    await until(childClosed('control'), 'the control child to complete');
    expect(await control.executeUpdate(bump, { args: [5] })).toBe(5);
    expect(await control.result()).toBe('child+5');
    const expected = await histories(client, 'control');
    expect(expected).toHaveLength(3);

    await client.workflow.start(chained, { taskQueue, workflowId: 'crashed', args: [0] });
    await until(async () => (await status(client, 'crashed-child')) !== undefined, 'the child to start');
    await server.kill();
    await connection.close();
    await new Promise((resolve) => setTimeout(resolve, 800));
    await server.start();
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection });

    await until(childClosed('crashed'), 'the recovered child to complete');
    const crashed = client.workflow.getHandle('crashed');
    expect(await crashed.executeUpdate(bump, { args: [5] })).toBe(5);
    expect(await crashed.result()).toBe('child+5');
    expect(await histories(client, 'crashed')).toEqual(expected);
  } finally {
    await worker.stop();
    await connection.close();
  }
});

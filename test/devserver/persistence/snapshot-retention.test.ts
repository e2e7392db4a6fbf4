import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { type JournalDurability } from '../../../devserver/src/persistence/durability';
import { deleteExpiredRuns } from '../../../devserver/src/persistence/retention';
import { msToDuration } from '../../../devserver/src/proto/time';
import { createTemporalLite, type TemporalLite } from '../../../devserver/src/temporal-lite-server';

/**
 * Compaction (the state re-encoded as records, `journal.rewrite`) and retention (closed runs deleted after the
 * retention): an in-process server, restarted on the same file after each, must rebuild the same state.
 */
const CommandType = temporal.api.enums.v1.CommandType;
const namespace = 'default';
const taskQueue = { name: 'snapshot' };

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-lite-snapshot-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function open(file: string, retentionMs = 3_600_000): Promise<{ server: TemporalLite; connection: Connection }> {
  const server = createTemporalLite({ clockMode: 'real', dbFilename: file, retentionMs, log: () => undefined });
  const port = await server.listen('127.0.0.1', 0);
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  return { server, connection };
}

async function close({ server, connection }: { server: TemporalLite; connection: Connection }): Promise<void> {
  await connection.close();
  await server.stop();
}

/** Starts a workflow and completes its first task with `commands`. */
async function startAndRun(
  connection: Connection,
  workflowId: string,
  commands: temporal.api.command.v1.ICommand[],
): Promise<void> {
  const service = connection.workflowService;
  await service.startWorkflowExecution({
    namespace,
    workflowId,
    workflowType: { name: 'raw' },
    taskQueue,
    requestId: `start-${workflowId}`,
  });
  const task = await service.pollWorkflowTaskQueue({ namespace, taskQueue, identity: 'raw' });
  await service.respondWorkflowTaskCompleted({ namespace, taskToken: task.taskToken, identity: 'raw', commands });
}

async function historyTypes(connection: Connection, workflowId: string): Promise<string[]> {
  const history = await connection.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId },
  });
  return (history.history?.events ?? []).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? '');
}

it('a compacted journal rebuilds the same runs, histories and pending timer', async () => {
  const file = path.join(dir, 'temporal.db');
  let lite = await open(file);
  await startAndRun(lite.connection, 'done', [
    {
      commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
      completeWorkflowExecutionCommandAttributes: {},
    },
  ]);
  await startAndRun(lite.connection, 'waiting', [
    {
      commandType: CommandType.COMMAND_TYPE_START_TIMER,
      startTimerCommandAttributes: { timerId: 'later', startToFireTimeout: msToDuration(3_600_000) },
    },
  ]);
  await lite.connection.workflowService.signalWorkflowExecution({
    namespace,
    workflowExecution: { workflowId: 'waiting' },
    signalName: 'poke',
    requestId: 'poke-1',
  });
  const before = {
    done: await historyTypes(lite.connection, 'done'),
    waiting: await historyTypes(lite.connection, 'waiting'),
  };
  await (lite.server.engine.durability as JournalDurability).compact();
  await close(lite);

  lite = await open(file);
  try {
    expect(await historyTypes(lite.connection, 'done')).toEqual(before.done);
    expect(await historyTypes(lite.connection, 'waiting')).toEqual(before.waiting);
    const waiting = lite.server.engine.namespace(namespace).latestRun('waiting');
    expect(waiting?.isOpen).toBe(true);
    expect(waiting?.timers.has('later')).toBe(true);
    // The signal scheduled a task, which is waiting for a poller again.
    const task = await lite.connection.workflowService.pollWorkflowTaskQueue({ namespace, taskQueue, identity: 'raw' });
    expect(task.workflowExecution?.workflowId).toBe('waiting');
  } finally {
    await close(lite);
  }
});

it('retention deletes closed runs once their retention has passed, and they stay deleted after a restart', async () => {
  const file = path.join(dir, 'temporal.db');
  let lite = await open(file, 200);
  await startAndRun(lite.connection, 'short-lived', [
    {
      commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
      completeWorkflowExecutionCommandAttributes: {},
    },
  ]);
  await startAndRun(lite.connection, 'open', []);
  const ns = lite.server.engine.namespace(namespace);
  expect(ns.latestRun('short-lived')?.isOpen).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(deleteExpiredRuns(lite.server.engine, lite.server.engine.durability!, 200)).toBe(1);
  expect(ns.latestRun('short-lived')).toBeUndefined();
  // Compaction drops the deleted run's records.
  const sizeBefore = (await stat(file)).size;
  await (lite.server.engine.durability as JournalDurability).compact();
  expect((await stat(file)).size).toBeLessThan(sizeBefore);
  await close(lite);

  lite = await open(file, 3_600_000);
  try {
    const recovered = lite.server.engine.namespace(namespace);
    expect(recovered.latestRun('short-lived')).toBeUndefined();
    expect(recovered.latestRun('open')?.isOpen).toBe(true);
  } finally {
    await close(lite);
  }
});

it('a torn last record (the file cut mid-record) recovers to the last whole one: that start never happened', async () => {
  const file = path.join(dir, 'temporal.db');
  let lite = await open(file);
  const start = (workflowId: string) =>
    lite.connection.workflowService.startWorkflowExecution({
      namespace,
      workflowId,
      workflowType: { name: 'raw' },
      taskQueue,
      requestId: `start-${workflowId}`,
    });
  await start('kept');
  const sizeAfterFirst = (await stat(file)).size;
  await start('torn');
  await close(lite);
  const sizeAfterSecond = (await stat(file)).size;
  // The second start's records (run, started event, first task) are one batch: cut it in the middle.
  await truncate(file, Math.floor((sizeAfterFirst + sizeAfterSecond) / 2));

  lite = await open(file);
  try {
    const ns = lite.server.engine.namespace(namespace);
    expect(ns.latestRun('kept')?.events.length).toBe(2);
    expect(ns.latestRun('torn')).toBeUndefined();
    expect(await lite.server.recovered).toMatchObject({ runs: 1 });
    expect((await lite.server.recovered)?.droppedBytes).toBeGreaterThan(0);
  } finally {
    await close(lite);
  }
});

it('search attributes added through the OperatorService survive a restart, next to those of --search-attribute', async () => {
  const file = path.join(dir, 'temporal.db');
  const Keyword = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
  let lite = await open(file);
  await lite.connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { Added: Keyword } });
  await close(lite);

  const server = createTemporalLite({
    clockMode: 'real',
    dbFilename: file,
    engine: { searchAttributes: [['FromFlag', Keyword]] },
    log: () => undefined,
  });
  const port = await server.listen('127.0.0.1', 0);
  lite = { server, connection: await Connection.connect({ address: `127.0.0.1:${port}` }) };
  try {
    const listed = await lite.connection.operatorService.listSearchAttributes({ namespace });
    expect(listed.customAttributes).toMatchObject({ Added: Keyword, FromFlag: Keyword });
  } finally {
    await close(lite);
  }
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToDuration } from '../../../devserver/src/proto/time';
import { freePort } from '../../helpers/free-port';
import { PersistentServer } from './helpers/persistent-server';

/**
 * A signal acknowledged while a workflow task is started is not in history yet (it is buffered until the task
 * ends). Killed at that moment, the server must still deliver it after recovery: the started task times out by its
 * own start-to-close and the signal follows it into history. Driven through raw gRPC so the timing is exact.
 */
jest.setTimeout(30_000);

const EventType = temporal.api.enums.v1.EventType;
const namespace = 'default';

let dir: string;
let server: PersistentServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'temporal-lite-buffered-'));
  server = new PersistentServer(await freePort(), path.join(dir, 'temporal.db'));
});

afterAll(async () => {
  await server.kill();
  await rm(dir, { recursive: true, force: true });
});

it('a signal buffered behind a started workflow task at the crash reaches history after recovery', async () => {
  await server.start();
  let connection = await Connection.connect({ address: server.address });
  const taskQueue = { name: 'buffered' };
  const workflowId = 'buffered-signal';
  await connection.workflowService.startWorkflowExecution({
    namespace,
    workflowId,
    workflowType: { name: 'anything' },
    taskQueue,
    requestId: 'start-1',
    workflowTaskTimeout: msToDuration(1_000),
  });
  const first = await connection.workflowService.pollWorkflowTaskQueue({ namespace, taskQueue, identity: 'raw' });
  expect(first.taskToken?.length).toBeGreaterThan(0);
  await connection.workflowService.signalWorkflowExecution({
    namespace,
    workflowExecution: { workflowId },
    signalName: 'during-task',
    requestId: 'signal-1',
    identity: 'raw',
  });

  await server.kill();
  await connection.close();
  await server.start();
  connection = await Connection.connect({ address: server.address });
  try {
    // The recovered task times out 1 s after it started; the retry carries the signal.
    const retry = await connection.workflowService.pollWorkflowTaskQueue({ namespace, taskQueue, identity: 'raw' });
    expect(retry.attempt).toBe(2);
    const types = (retry.history?.events ?? []).map((e) => EventType[e.eventType ?? 0]);
    expect(types).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
      'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    const signaled = retry.history?.events?.[4]?.workflowExecutionSignaledEventAttributes;
    expect(signaled?.signalName).toBe('during-task');
  } finally {
    await connection.close();
    await server.kill();
  }
});

it("a child's close buffered behind its parent's started workflow task at the crash is told to the parent again", async () => {
  await server.start();
  let connection = await Connection.connect({ address: server.address });
  const taskQueue = { name: 'buffered-child' };
  const service = () => connection.workflowService;
  const poll = () => service().pollWorkflowTaskQueue({ namespace, taskQueue, identity: 'raw' });
  try {
    await service().startWorkflowExecution({
      namespace,
      workflowId: 'parent',
      workflowType: { name: 'parent' },
      taskQueue,
      requestId: 'start-parent',
      workflowTaskTimeout: msToDuration(1_000),
    });
    const first = await poll();
    await service().respondWorkflowTaskCompleted({
      namespace,
      taskToken: first.taskToken,
      identity: 'raw',
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION,
          startChildWorkflowExecutionCommandAttributes: {
            namespace,
            workflowId: 'child',
            workflowType: { name: 'child' },
            taskQueue,
          },
        },
      ],
    });
    // The child's first task and the parent's next one (child started); start both.
    const tasks = [await poll(), await poll()];
    const childTask = tasks.find((t) => t.workflowExecution?.workflowId === 'child');
    expect(tasks.find((t) => t.workflowExecution?.workflowId === 'parent')).toBeDefined();
    await service().respondWorkflowTaskCompleted({
      namespace,
      taskToken: childTask?.taskToken,
      identity: 'raw',
      commands: [
        {
          commandType: temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
          completeWorkflowExecutionCommandAttributes: {},
        },
      ],
    });
  } finally {
    await server.kill();
    await connection.close();
  }

  await server.start();
  connection = await Connection.connect({ address: server.address });
  try {
    const retry = await poll();
    expect(retry.workflowExecution?.workflowId).toBe('parent');
    const types = (retry.history?.events ?? []).map((e) => EventType[e.eventType ?? 0]);
    expect(types.slice(-5)).toEqual([
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
      'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
  } finally {
    await connection.close();
    await server.kill();
  }
});

it('a signal retried with the same request id after a crash is applied once', async () => {
  await server.start();
  let connection = await Connection.connect({ address: server.address });
  const taskQueue = { name: 'signal-retry' };
  const signal = () =>
    connection.workflowService.signalWorkflowExecution({
      namespace,
      workflowExecution: { workflowId: 'signal-retry' },
      signalName: 'once',
      requestId: 'the-same-request',
      identity: 'raw',
    });
  try {
    await connection.workflowService.startWorkflowExecution({
      namespace,
      workflowId: 'signal-retry',
      workflowType: { name: 'anything' },
      taskQueue,
      requestId: 'start-signal-retry',
    });
    await signal();
  } finally {
    await server.kill();
    await connection.close();
  }
  await server.start();
  connection = await Connection.connect({ address: server.address });
  try {
    // The client never saw the first answer (say) and retries: the server must recognise the request.
    await signal();
    const history = await connection.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId: 'signal-retry' },
    });
    const signals = (history.history?.events ?? []).filter(
      (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    );
    expect(signals).toHaveLength(1);
  } finally {
    await connection.close();
    await server.kill();
  }
});

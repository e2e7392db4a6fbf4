import { status } from '@grpc/grpc-js';
import {
  Client,
  Connection,
  isGrpcServiceError,
  NamespaceNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { msToDuration } from '../../../devserver/src/proto/time';
import { createTemporalLite, type TemporalLite } from '../../../devserver/src/temporal-lite-server';

/**
 * Malformed and unlucky requests against an in-process temporal-lite (real time, no worker): each gets the gRPC
 * status the real server gives, and the server keeps serving.
 */
describe('temporal-lite robustness', () => {
  let server: TemporalLite;
  let connection: Connection;
  let client: Client;
  const logged: string[] = [];

  beforeAll(async () => {
    server = createTemporalLite({ clockMode: 'real', log: (message) => logged.push(message) });
    const port = await server.listen('127.0.0.1', 0);
    connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    client = new Client({ connection });
  });

  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  const codeOf = async (call: Promise<unknown>): Promise<number | undefined> => {
    try {
      await call;
      return status.OK;
    } catch (error) {
      return isGrpcServiceError(error) ? error.code : undefined;
    }
  };

  const startRequest = (
    workflowId: string,
    extra: Partial<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest> = {},
  ) => ({
    namespace: 'default',
    workflowId,
    workflowType: { name: 'someWorkflow' },
    taskQueue: { name: 'robustness' },
    requestId: `${workflowId}-request`,
    ...extra,
  });

  it('answers INVALID_ARGUMENT for a start without workflow id, type or task queue', async () => {
    const service = connection.workflowService;
    expect(await codeOf(service.startWorkflowExecution({ ...startRequest(''), workflowId: '' }))).toBe(
      status.INVALID_ARGUMENT,
    );
    expect(await codeOf(service.startWorkflowExecution({ ...startRequest('no-type'), workflowType: {} }))).toBe(
      status.INVALID_ARGUMENT,
    );
    expect(await codeOf(service.startWorkflowExecution({ ...startRequest('no-queue'), taskQueue: {} }))).toBe(
      status.INVALID_ARGUMENT,
    );
  });

  it('rejects an unknown search attribute at start', async () => {
    const request = startRequest('bad-sa', {
      searchAttributes: {
        indexedFields: {
          NoSuchAttribute: { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('1') },
        },
      },
    });
    await expect(connection.workflowService.startWorkflowExecution(request)).rejects.toThrow(
      'search attribute NoSuchAttribute is not defined',
    );
  });

  it('answers ALREADY_EXISTS for a second start of a running id, but returns the run for a retried request id', async () => {
    const first = await connection.workflowService.startWorkflowExecution(startRequest('dup'));
    const retried = await connection.workflowService.startWorkflowExecution(startRequest('dup'));
    expect(retried.runId).toBe(first.runId);
    await expect(
      client.workflow.start('someWorkflow', { taskQueue: 'robustness', workflowId: 'dup' }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
  });

  it('answers NOT_FOUND for unknown workflows and for signals to closed ones', async () => {
    await expect(client.workflow.getHandle('never-started').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const handle = await client.workflow.start('someWorkflow', { taskQueue: 'robustness', workflowId: 'to-terminate' });
    await handle.terminate('test');
    await expect(handle.signal('late')).rejects.toBeInstanceOf(WorkflowNotFoundError);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
  });

  it('answers NOT_FOUND with NamespaceNotFoundFailure for an unknown namespace', async () => {
    const other = new Client({ connection, namespace: 'nope' });
    await expect(other.workflow.start('someWorkflow', { taskQueue: 'q', workflowId: 'x' })).rejects.toBeInstanceOf(
      NamespaceNotFoundError,
    );
  });

  it('rejects garbage task tokens without crashing, and UNIMPLEMENTED methods stay unimplemented', async () => {
    const service = connection.workflowService;
    expect(
      await codeOf(service.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: Buffer.from('garbage') })),
    ).toBe(status.INVALID_ARGUMENT);
    expect(
      await codeOf(service.respondActivityTaskCompleted({ namespace: 'default', taskToken: Buffer.from('{}') })),
    ).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(service.listSchedules({ namespace: 'default' }))).toBe(status.UNIMPLEMENTED);
    expect(await codeOf(service.getSystemInfo({}))).toBe(status.OK);
    expect(logged).toEqual([]);
  });

  it('re-dispatches a workflow task whose worker vanished, with attempt + 1, after the task timeout', async () => {
    const service = connection.workflowService;
    const taskQueue = { name: 'vanishing-worker' };
    await service.startWorkflowExecution({
      ...startRequest('vanishing'),
      taskQueue,
      workflowTaskTimeout: msToDuration(1000),
    });
    const first = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue, identity: 'lost' });
    expect(first.attempt).toBe(1);
    // Never answered. The next poll gets the retry once the 1 s start-to-close timeout fires.
    const second = await service.pollWorkflowTaskQueue({ namespace: 'default', taskQueue, identity: 'second' });
    expect(second.attempt).toBe(2);
    expect(second.history?.events?.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0])).toEqual([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    // The stale token of the first attempt is refused.
    expect(
      await codeOf(service.respondWorkflowTaskCompleted({ namespace: 'default', taskToken: first.taskToken })),
    ).toBe(status.NOT_FOUND);
  });
});

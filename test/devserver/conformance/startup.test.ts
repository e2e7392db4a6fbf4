import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { cacheModes } from './harness/cache-modes';
import { useConformanceEnv } from './harness/conformance-env';
import { uniqueId } from './harness/ids';
import { echo } from './workflows/startup';

/**
 * Scenario 1: connect, Worker.create, run, graceful shutdown. The server's RPC log cannot be seen from
 * here, so this asserts what a user sees: every step succeeds, and shutdown is prompt (the worker's
 * long polls are cancelled and ShutdownWorker is answered), leaving the task queue usable.
 */
const suite = useConformanceEnv(require.resolve('./workflows/startup'));

describe('scenario 1: connect, create, run and shut down a worker', () => {
  it('advertises the capabilities the SDK relies on, and only those', async () => {
    const { workflowService } = suite.env.connection;
    const info = await workflowService.getSystemInfo({});
    expect(info.capabilities?.sdkMetadata).toBe(true);
    expect(info.capabilities?.eagerWorkflowStart ?? false).toBe(false);
    expect(info.capabilities?.buildIdBasedVersioning ?? false).toBe(false);

    const namespace = await workflowService.describeNamespace({ namespace: 'default' });
    expect(namespace.namespaceInfo?.name).toBe('default');
    const capabilities = namespace.namespaceInfo?.capabilities ?? {};
    expect(capabilities.workerPollCompleteOnShutdown ?? false).toBe(false);
    expect(capabilities.pollerAutoscaling ?? false).toBe(false);
    expect(capabilities.workerHeartbeats ?? false).toBe(false);
  });

  it('accepts fresh client and native connections', async () => {
    const connection = await Connection.connect({ address: suite.env.address });
    const nativeConnection = await NativeConnection.connect({ address: suite.env.address });
    try {
      await expect(connection.ensureConnected()).resolves.toBeUndefined();
    } finally {
      await connection.close();
      await nativeConnection.close();
    }
  });

  describe.each(cacheModes)('$name', (mode) => {
    it('creates a worker, runs a workflow, and shuts down gracefully and quickly', async () => {
      const taskQueue = uniqueId('startup');
      const created = Date.now();
      const worker = await Worker.create({
        connection: suite.env.nativeConnection,
        taskQueue,
        workflowBundle: suite.bundle,
        ...(mode.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: mode.maxCachedWorkflows }),
      });
      expect(Date.now() - created).toBeLessThan(5_000);
      const running = worker.run();
      try {
        const result = await suite.env.client.workflow.execute(echo, {
          taskQueue,
          workflowId: uniqueId('echo'),
          args: ['ready'],
        });
        expect(result).toBe('ready');
      } finally {
        const shutdownRequested = Date.now();
        worker.shutdown();
        await running;
        // Core cancels its own long polls at shutdown; a server that ignores the cancellation, or hangs
        // in ShutdownWorker, keeps this waiting for the poll timeout instead.
        expect(Date.now() - shutdownRequested).toBeLessThan(3_000);
      }
      expect(worker.getState()).toBe('STOPPED');

      // The queue keeps working for the next worker: no task was handed to a cancelled poll.
      await suite.withWorker(
        mode,
        {},
        async () => {
          const again = await suite.env.client.workflow.execute(echo, {
            taskQueue,
            workflowId: uniqueId('echo-again'),
            args: ['again'],
          });
          expect(again).toBe('again');
        },
        taskQueue,
      );
    });
  });
});

import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { recoveryActivities } from '../recovery-activities';

export interface RunningWorker {
  /** Shuts the worker down, waits for it, and closes its connection. */
  stop(): Promise<void>;
}

/**
 * A real SDK worker for the recovery tests' workflows and activities, polling `taskQueue` at `address`. Its
 * connection outlives server kills: Core reconnects to the restarted server on its own.
 */
export async function startRecoveryWorker(
  address: string,
  taskQueue: string,
  workflowBundle: WorkflowBundle,
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle,
    activities: recoveryActivities,
    shutdownGraceTime: '1s',
  });
  const running = worker.run();
  return {
    stop: async () => {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

import { Connection, WorkflowClient } from '@temporalio/client';
import type { Config } from '../../config/config';

/**
 * Opens a client on the configured Temporal for one command and closes it afterwards. An unreachable server is one
 * clear line naming the address, not a gRPC stack.
 */
export async function withWorkflowClient<T>(
  temporal: Config['temporal'],
  work: (client: WorkflowClient, connection: Connection) => Promise<T>,
): Promise<T> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: temporal.address, connectTimeout: 5_000 });
  } catch (err) {
    throw new Error(
      `cannot reach Temporal at ${temporal.address} (${err instanceof Error ? err.message : String(err)}); ` +
        'is it running? `notify start` brings one up',
      { cause: err },
    );
  }
  try {
    return await work(new WorkflowClient({ connection, namespace: temporal.namespace }), connection);
  } finally {
    await connection.close();
  }
}

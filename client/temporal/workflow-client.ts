import { type Connection, WorkflowClient } from '@temporalio/client';
import { connectClient } from '../../temporal/connect';
import type { Config } from '../../config/config';

/**
 * Opens a client on the configured Temporal for one command and closes it afterwards. An unreachable server (or a
 * TLS certificate that does not verify) is one clear line naming the address, not a gRPC stack.
 */
export async function withWorkflowClient<T>(
  temporal: Config['temporal'],
  work: (client: WorkflowClient, connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await connectClient(temporal);
  try {
    return await work(new WorkflowClient({ connection, namespace: temporal.namespace }), connection);
  } finally {
    await connection.close();
  }
}

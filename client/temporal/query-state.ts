import type { Connection, WorkflowClient } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { QueryDefinition } from '@temporalio/common';

/** Long enough for a busy worker to answer; short enough that "no worker is running" is told, not waited out. */
export const QUERY_TIMEOUT_MS = 10_000;

/**
 * Asks a workflow's `state` query. Undefined when no workflow has the id; a clear error when nobody answers in time
 * (queries are answered by a worker, so a stopped worker looks like a hang otherwise).
 */
export async function queryWorkflowState<T>(
  client: WorkflowClient,
  connection: Connection,
  workflowId: string,
  query: QueryDefinition<T, []>,
  timeoutMs: number = QUERY_TIMEOUT_MS,
): Promise<T | undefined> {
  try {
    return await connection.withDeadline(Date.now() + timeoutMs, () => client.getHandle(workflowId).query(query));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    if (isDeadlineExceeded(err)) {
      throw new Error(
        `no worker answered the state query of ${workflowId} within ${timeoutMs / 1000}s; ` +
          'is `notify worker` (or `notify start`) running?',
        { cause: err },
      );
    }
    throw err;
  }
}

/** gRPC status 4 (DEADLINE_EXCEEDED), on the error or the ServiceError wrapping it. */
function isDeadlineExceeded(err: unknown): boolean {
  for (let e: unknown = err; e !== null && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === 4) return true;
  }
  return false;
}

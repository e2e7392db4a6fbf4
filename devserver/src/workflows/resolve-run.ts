import { notFound } from '../grpc/service-error';
import { type Run } from '../history/run';
import { type Namespace } from '../namespace/namespace';
import { type temporal } from '../proto/codec';

/**
 * The run an API call targets: the given run id, else the latest run of the workflow id. With
 * `firstExecutionRunId` (handles returned by `start()` send it instead of a run id) the run must belong to that chain.
 */
export function resolveRun(
  ns: Namespace,
  execution: temporal.api.common.v1.IWorkflowExecution | null | undefined,
  firstExecutionRunId?: string | null,
): Run {
  const workflowId = execution?.workflowId;
  if (!workflowId) throw notFound('workflow execution not found: WorkflowId is not set.');
  const runId = execution?.runId;
  const run = runId ? ns.runById(runId) : ns.latestRun(workflowId);
  if (!run || run.workflowId !== workflowId) {
    throw notFound(`workflow not found for ID: ${workflowId}`);
  }
  if (firstExecutionRunId && run.firstExecutionRunId !== firstExecutionRunId) {
    throw notFound(`workflow not found for ID: ${workflowId} and first execution run ID: ${firstExecutionRunId}`);
  }
  return run;
}

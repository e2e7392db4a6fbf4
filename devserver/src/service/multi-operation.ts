import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type CallContext } from '../grpc/call-context';
import { ServiceError, withDetail } from '../grpc/service-error';
import { packAny } from '../proto/codec';
import { admitUpdate, awaitUpdateStage } from '../updates/update-workflow';
import { startWorkflow } from '../workflows/start-workflow';

type Request = temporal.api.workflowservice.v1.IExecuteMultiOperationRequest;
type Response = temporal.api.workflowservice.v1.IExecuteMultiOperationResponse;

const ABORTED_STATUS = {
  code: status.ABORTED,
  message: 'Operation was aborted.',
  details: [packAny('temporal.api.failure.v1.MultiOperationExecutionAborted', {})],
};

/** The failing operation's status decides the call's; the other operation is reported as aborted. */
function multiOperationFailure(error: unknown, failedIndex: number): Error {
  if (!(error instanceof ServiceError)) return error instanceof Error ? error : new Error(String(error));
  const failed = { code: error.code, message: error.message, details: error.details };
  const statuses = [0, 1].map((i) => (i === failedIndex ? failed : ABORTED_STATUS));
  return withDetail(error.code, error.message, 'temporal.api.errordetails.v1.MultiOperationExecutionFailure', {
    statuses,
  });
}

/** Update-with-start: exactly `[start_workflow, update_workflow]` on the same workflow id. */
export async function executeMultiOperation(engine: Engine, request: Request, ctx: CallContext): Promise<Response> {
  const [first, second] = request.operations ?? [];
  const start = first?.startWorkflow;
  const update = second?.updateWorkflow;
  if (request.operations?.length !== 2 || !start || !update) {
    throw multiOperationFailure(
      new ServiceError(status.INVALID_ARGUMENT, 'Operations have to be exactly [StartWorkflow, UpdateWorkflow].'),
      0,
    );
  }
  if (
    update.workflowExecution?.workflowId !== start.workflowId ||
    update.workflowExecution?.runId ||
    update.firstExecutionRunId
  ) {
    throw multiOperationFailure(
      new ServiceError(status.INVALID_ARGUMENT, 'Update must target the started workflow id, without a run id.'),
      1,
    );
  }
  const ns = engine.namespace(request.namespace);
  let started: ReturnType<typeof startWorkflow>;
  try {
    if (start.cronSchedule || start.workflowStartDelay) {
      throw new ServiceError(
        status.INVALID_ARGUMENT,
        'Cron schedule and start delay are not allowed with update-with-start.',
      );
    }
    started = startWorkflow(engine, ns, start, {
      defaultConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
    });
  } catch (error) {
    throw multiOperationFailure(error, 0);
  }
  try {
    const record = admitUpdate(engine, started.run, update.request ?? {});
    const updateResponse = await awaitUpdateStage(
      engine,
      started.run,
      record,
      update.waitPolicy?.lifecycleStage ?? 0,
      ctx,
    );
    return {
      responses: [
        { startWorkflow: { runId: started.run.runId, started: started.started } },
        { updateWorkflow: updateResponse },
      ],
    };
  } catch (error) {
    throw multiOperationFailure(error, 1);
  }
}

import { type temporal } from '../proto/codec';
import { type Engine } from '../engine/engine';
import { workflowCompleted } from '../grpc/service-error';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { recordExternalHistoryEvent } from '../workflow-task/schedule';

export interface CancelRequest {
  readonly reason?: string | null;
  readonly identity?: string | null;
  readonly externalInitiatedEventId?: number;
  readonly externalWorkflowExecution?: temporal.api.common.v1.IWorkflowExecution;
}

/** Appends `WorkflowExecutionCancelRequested` once; the workflow decides what cancellation means. */
export function requestCancelRun(engine: Engine, run: Run, request: CancelRequest): void {
  if (!run.isOpen) throw workflowCompleted();
  if (run.cancelRequested) return;
  run.cancelRequested = true;
  const attributes = {
    cause: request.reason ?? '',
    identity: request.identity ?? '',
    externalInitiatedEventId: request.externalInitiatedEventId,
    externalWorkflowExecution: request.externalWorkflowExecution,
  };
  const type = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED;
  recordExternalHistoryEvent(engine, run, type, attributes);
}

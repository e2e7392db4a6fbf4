import { type temporal } from '../proto/codec';
import { type Engine } from '../engine/engine';
import { workflowCompleted } from '../grpc/service-error';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { recordExternalHistoryEvent } from '../workflow-task/schedule';

export interface Signal {
  readonly signalName: string;
  readonly input?: temporal.api.common.v1.IPayloads | null;
  readonly header?: temporal.api.common.v1.IHeader | null;
  readonly identity?: string | null;
  readonly requestId?: string | null;
  readonly externalWorkflowExecution?: temporal.api.common.v1.IWorkflowExecution;
}

/** Appends `WorkflowExecutionSignaled` (buffered while a task runs); a repeated request id is a no-op. */
export function signalRun(engine: Engine, run: Run, signal: Signal): void {
  if (!run.isOpen) throw workflowCompleted();
  if (signal.requestId) {
    if (run.seenRequestIds.has(signal.requestId)) return;
    run.seenRequestIds.add(signal.requestId);
    // A client whose signal was applied but not answered (the server died) retries with the same id.
    engine.durability?.requestIdSeen(run, signal.requestId);
  }
  const attributes = {
    signalName: signal.signalName,
    input: signal.input ?? undefined,
    identity: signal.identity ?? '',
    header: signal.header ?? undefined,
    externalWorkflowExecution: signal.externalWorkflowExecution,
  };
  const type = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED;
  recordExternalHistoryEvent(engine, run, type, attributes);
}

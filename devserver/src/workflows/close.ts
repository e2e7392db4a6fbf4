import { abandonActivities } from '../activities/abandon';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run, Status } from '../history/run';
import { dispatchPendingQueriesAsLegacy } from '../queries/legacy-query';
import { failUpdatesOnClose } from '../updates/close';
import { detachWorkflowTask } from '../workflow-task/end';
import { applyParentClosePolicies, notifyParentOfClose } from './children';

const STATUS_BY_CLOSE_EVENT = new Map<EventType, Status>([
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, Status.WORKFLOW_EXECUTION_STATUS_COMPLETED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, Status.WORKFLOW_EXECUTION_STATUS_FAILED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, Status.WORKFLOW_EXECUTION_STATUS_CANCELED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, Status.WORKFLOW_EXECUTION_STATUS_TERMINATED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW],
]);

/**
 * Writes the close event and releases everything the run held: its workflow task, timers, activities (and their
 * time-skipping locks, which the Java server leaks), updates and children per parent-close policy. The parent is
 * told only when no run continues the chain (`continuesChain`).
 */
export function closeRun(engine: Engine, run: Run, type: EventType, attributes: object, continuesChain = false): void {
  if (!run.isOpen) return;
  const task = run.workflowTask;
  // Status first: history long polls woken by the append must already see the run closed.
  run.status = STATUS_BY_CLOSE_EVENT.get(type) ?? Status.WORKFLOW_EXECUTION_STATUS_COMPLETED;
  run.closeTimeMs = engine.now();
  run.append(type, attributes, engine.now());
  if (task) {
    detachWorkflowTask(run, task, false);
    task.releaseLock();
  }
  run.buffered = [];
  run.cancelFirstTaskBackoff?.();
  for (const cancel of run.closeTimers.splice(0)) cancel();
  for (const timer of run.timers.values()) timer.cancel();
  run.timers.clear();
  abandonActivities(run);
  failUpdatesOnClose(run);
  dispatchPendingQueriesAsLegacy(engine, run);
  if (type !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) applyParentClosePolicies(engine, run);
  if (!continuesChain) notifyParentOfClose(engine, run);
}

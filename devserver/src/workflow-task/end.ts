import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { dispatchPendingQueriesAsLegacy } from '../queries/legacy-query';
import { returnDeliveredUpdates } from '../updates/deliver';
import { flushBufferedEvents, scheduleWorkflowTask } from './schedule';
import { type WorkflowTaskState } from './workflow-task-state';

type Failure = temporal.api.failure.v1.IFailure;

/** Detaches the task from the run: timers, lock, queries and updates it carried go back to the run. */
export function detachWorkflowTask(run: Run, task: WorkflowTaskState, delivered: boolean): void {
  if (run.workflowTask === task) run.workflowTask = undefined;
  task.cancelTimeout?.();
  if (!delivered) {
    run.pendingQueries = [...task.attachedQueries.values(), ...run.pendingQueries];
    task.attachedQueries.clear();
    returnDeliveredUpdates(run, task);
  }
}

/**
 * Writes `WorkflowTaskFailed`, then the buffered events, and schedules the next attempt. Core reports failures only
 * for attempt 1; later attempts end by timeout (below), so both paths converge here.
 */
export function failWorkflowTask(
  engine: Engine,
  run: Run,
  task: WorkflowTaskState,
  cause: temporal.api.enums.v1.WorkflowTaskFailedCause,
  failure: Failure | null | undefined,
  identity: string,
  retryAttempt = true,
): void {
  detachWorkflowTask(run, task, false);
  run.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    {
      scheduledEventId: task.scheduledEventId,
      startedEventId: task.startedEventId,
      cause,
      failure: failure ?? undefined,
      identity,
    },
    engine.now(),
  );
  // An UnhandledCommand rejection is not the workflow's fault: the retry is a fresh attempt 1.
  run.nextWorkflowTaskAttempt = retryAttempt ? task.attempt + 1 : 1;
  flushBufferedEvents(run);
  scheduleWorkflowTask(engine, run);
  task.releaseLock();
  dispatchPendingQueriesAsLegacy(engine, run);
}

/** Start-to-close expiry of a started task (also how a worker that vanished mid-task is recovered from). */
export function timeOutWorkflowTask(engine: Engine, run: Run, task: WorkflowTaskState): void {
  if (run.workflowTask !== task || task.state !== 'started' || !run.isOpen) return;
  detachWorkflowTask(run, task, false);
  run.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    {
      scheduledEventId: task.scheduledEventId,
      startedEventId: task.startedEventId,
      timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    },
    engine.now(),
  );
  run.nextWorkflowTaskAttempt = task.attempt + 1;
  flushBufferedEvents(run);
  scheduleWorkflowTask(engine, run);
  task.releaseLock();
}

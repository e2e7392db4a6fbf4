import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type Run } from '../history/run';
import { long, msToDuration, msToTimestamp, optionalDuration } from '../proto/time';
import { resolveRun } from '../workflows/resolve-run';
import { executionInfo } from './execution-info';

type Response = temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;
const ActivityState = temporal.api.enums.v1.PendingActivityState;

export function describeWorkflowExecution(
  engine: Engine,
  request: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionRequest,
): Response {
  const run = resolveRun(engine.namespace(request.namespace), request.execution);
  return {
    executionConfig: {
      taskQueue: { name: run.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      // Unset timeouts stay unset (SDK tests compare them with null).
      workflowExecutionTimeout: optionalDuration(run.executionTimeoutMs),
      workflowRunTimeout: optionalDuration(run.runTimeoutMs),
      defaultWorkflowTaskTimeout: msToDuration(run.workflowTaskTimeoutMs),
      userMetadata: run.events[0]?.userMetadata ?? undefined,
    },
    workflowExecutionInfo: executionInfo(run),
    pendingActivities: pendingActivities(run),
    pendingChildren: [...run.children.values()].map((child) => ({
      workflowId: child.workflowId,
      runId: child.runId,
      workflowTypeName: child.workflowType,
      initiatedId: long(child.initiatedEventId),
      parentClosePolicy: child.parentClosePolicy,
    })),
    pendingWorkflowTask: run.workflowTask
      ? {
          state:
            run.workflowTask.state === 'started'
              ? temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
              : temporal.api.enums.v1.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
          scheduledTime: run.event(run.workflowTask.scheduledEventId)?.eventTime,
          attempt: run.workflowTask.attempt,
        }
      : undefined,
    callbacks: [],
    pendingNexusOperations: [],
  };
}

function pendingActivities(run: Run): temporal.api.workflow.v1.IPendingActivityInfo[] {
  return [...run.activities.values()].map((activity) => ({
    activityId: activity.activityId,
    activityType: activity.attributes.activityType,
    state:
      activity.cancelRequestedEventId !== undefined
        ? ActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED
        : activity.state === 'started'
          ? ActivityState.PENDING_ACTIVITY_STATE_STARTED
          : ActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
    heartbeatDetails: activity.lastHeartbeatDetails ?? undefined,
    lastStartedTime: activity.startedTimeMs !== undefined ? msToTimestamp(activity.startedTimeMs) : undefined,
    attempt: activity.attempt,
    maximumAttempts: activity.retryPolicy.maximumAttempts ?? 0,
    scheduledTime: msToTimestamp(activity.currentAttemptScheduledTimeMs),
    expirationTime:
      activity.scheduleToCloseMs > 0 ? msToTimestamp(activity.scheduledTimeMs + activity.scheduleToCloseMs) : undefined,
    lastFailure: activity.lastFailure ?? undefined,
    lastWorkerIdentity: activity.startedIdentity,
  }));
}

import { temporal } from '@temporalio/proto';
import { type ActivityState } from '../activities/activity-state';
import { attributesOf, EventType, type HistoryEvent, isCloseEvent } from '../history/event-types';
import { type ChildState, type Run, Status } from '../history/run';
import { mergePayloadMap } from '../namespace/search-attribute-payloads';
import { durationToMs, timestampToMs } from '../proto/time';

type Payload = temporal.api.common.v1.IPayload;

/** The workflow task outstanding at the crash, as history tells it. */
export interface PendingWorkflowTask {
  readonly scheduledEventId: number;
  readonly attempt: number;
  /** 0 while only scheduled. */
  readonly startedEventId: number;
  readonly startedAtMs: number;
}

export interface PendingTimer {
  readonly timerId: string;
  readonly startedEventId: number;
  readonly deadlineMs: number;
}

/** What a run was doing at the crash; the live objects (clock timers, locks, queue items) are made by re-arming. */
export interface PendingWork {
  readonly workflowTask?: PendingWorkflowTask;
  /** No workflow task was ever scheduled: the first one is still delayed (start delay, retry or cron backoff). */
  readonly awaitingFirstTask: boolean;
  readonly timers: readonly PendingTimer[];
  /** Activities without a terminal event, as first scheduled (attempt state is recorded separately). */
  readonly activities: readonly ActivityState[];
}

const STATUS_BY_CLOSE_EVENT = new Map<EventType, Status>([
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, Status.WORKFLOW_EXECUTION_STATUS_COMPLETED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, Status.WORKFLOW_EXECUTION_STATUS_FAILED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, Status.WORKFLOW_EXECUTION_STATUS_CANCELED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, Status.WORKFLOW_EXECUTION_STATUS_TERMINATED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW, Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW],
]);

const ACTIVITY_TERMINAL_EVENTS: ReadonlySet<EventType> = new Set([
  EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
  EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
]);

const CHILD_TERMINAL_EVENTS: ReadonlySet<EventType> = new Set([
  EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
]);

// An UnhandledCommand rejection is not the workflow's fault: its retry is a fresh attempt 1 (workflow-task/end.ts).
const UNHANDLED_COMMAND = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;

/**
 * Derives a run's state from its history, the way the real server rebuilds mutable state: status, memo and search
 * attributes, workflow-task bookkeeping and children are set on the run; pending work is returned for re-arming.
 */
export function rebuildRunFromHistory(run: Run): PendingWork {
  let task: { scheduledEventId: number; attempt: number; startedEventId: number; startedAtMs: number } | undefined;
  let everScheduled = false;
  const timers = new Map<string, PendingTimer>();
  const activities = new Map<number, ActivityState>();
  for (const event of run.events) {
    const type = event.eventType as EventType;
    const id = Number(event.eventId);
    const at = timestampToMs(event.eventTime) ?? 0;
    switch (type) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const a = attributesOf<temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes>(event);
        run.memo = a.memo?.fields ?? {};
        run.searchAttributes = a.searchAttributes?.indexedFields ?? {};
        break;
      }
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const a = attributesOf<temporal.api.history.v1.IUpsertWorkflowSearchAttributesEventAttributes>(event);
        const fields = (a.searchAttributes?.indexedFields ?? {}) as Record<string, Payload>;
        run.searchAttributes = mergePayloadMap(run.searchAttributes, fields);
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED: {
        const a = attributesOf<temporal.api.history.v1.IWorkflowPropertiesModifiedEventAttributes>(event);
        run.memo = mergePayloadMap(run.memo, a.upsertedMemo?.fields ?? {});
        break;
      }
      // Updates in history: accepted ones wait for their outcome, completed ones answer polls and duplicates.
      // Admitted or delivered ones were not in history: their callers retry and admit them again.
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = attributesOf<temporal.api.history.v1.IWorkflowExecutionUpdateAcceptedEventAttributes>(event);
        const updateId = a.acceptedRequest?.meta?.updateId ?? a.protocolInstanceId ?? '';
        const request = a.acceptedRequest ?? {};
        run.updates.set(updateId, { updateId, request, stage: 'accepted', acceptedEventId: id, listeners: new Set() });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const a = attributesOf<temporal.api.history.v1.IWorkflowExecutionUpdateCompletedEventAttributes>(event);
        const update = run.updates.get(a.meta?.updateId ?? '');
        if (update) {
          update.stage = 'completed';
          update.outcome = a.outcome ?? {};
        }
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        run.cancelRequested = true;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: {
        const a = attributesOf<temporal.api.history.v1.IWorkflowTaskScheduledEventAttributes>(event);
        everScheduled = true;
        task = { scheduledEventId: id, attempt: a.attempt ?? 1, startedEventId: 0, startedAtMs: 0 };
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        if (task) task = { ...task, startedEventId: id, startedAtMs: at };
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        run.lastCompletedStartedEventId = task?.startedEventId ?? run.lastCompletedStartedEventId;
        run.nextWorkflowTaskAttempt = 1;
        task = undefined;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED: {
        const a = attributesOf<temporal.api.history.v1.IWorkflowTaskFailedEventAttributes>(event);
        run.nextWorkflowTaskAttempt = a.cause === UNHANDLED_COMMAND ? 1 : (task?.attempt ?? 0) + 1;
        task = undefined;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT:
        run.nextWorkflowTaskAttempt = (task?.attempt ?? 0) + 1;
        task = undefined;
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const a = attributesOf<temporal.api.history.v1.ITimerStartedEventAttributes>(event);
        const timerId = a.timerId ?? '';
        timers.set(timerId, { timerId, startedEventId: id, deadlineMs: at + durationToMs(a.startToFireTimeout) });
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED:
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        timers.delete(attributesOf<{ timerId?: string | null }>(event).timerId ?? '');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        activities.set(id, scheduledActivity(event, id, at));
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED: {
        const a = attributesOf<temporal.api.history.v1.IActivityTaskCancelRequestedEventAttributes>(event);
        const activity = activities.get(Number(a.scheduledEventId));
        if (activity) activity.cancelRequestedEventId = id;
        break;
      }
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const a = attributesOf<temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes>(event);
        run.children.set(id, childOf(run, a, id));
        break;
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
        const a = attributesOf<temporal.api.history.v1.IChildWorkflowExecutionStartedEventAttributes>(event);
        const child = run.children.get(Number(a.initiatedEventId));
        if (child) {
          child.runId = a.workflowExecution?.runId ?? undefined;
          child.startedEventId = id;
        }
        break;
      }
      default:
        if (ACTIVITY_TERMINAL_EVENTS.has(type)) {
          activities.delete(Number(attributesOf<{ scheduledEventId?: number | null }>(event).scheduledEventId));
        } else if (CHILD_TERMINAL_EVENTS.has(type)) {
          run.children.delete(Number(attributesOf<{ initiatedEventId?: number | null }>(event).initiatedEventId));
        } else if (isCloseEvent(type)) {
          run.status = STATUS_BY_CLOSE_EVENT.get(type) ?? Status.WORKFLOW_EXECUTION_STATUS_COMPLETED;
          run.closeTimeMs = at;
        }
    }
  }
  return {
    workflowTask: task,
    awaitingFirstTask: !everScheduled,
    timers: [...timers.values()],
    activities: [...activities.values()],
  };
}

function scheduledActivity(event: HistoryEvent, scheduledEventId: number, at: number): ActivityState {
  const attributes = attributesOf<temporal.api.history.v1.IActivityTaskScheduledEventAttributes>(event);
  return {
    scheduledEventId,
    activityId: attributes.activityId ?? '',
    attributes,
    scheduledTimeMs: at,
    scheduleToCloseMs: durationToMs(attributes.scheduleToCloseTimeout),
    scheduleToStartMs: durationToMs(attributes.scheduleToStartTimeout),
    startToCloseMs: durationToMs(attributes.startToCloseTimeout),
    heartbeatMs: durationToMs(attributes.heartbeatTimeout),
    retryPolicy: attributes.retryPolicy ?? {},
    state: 'scheduled',
    attempt: 1,
    currentAttemptScheduledTimeMs: at,
    attemptTimers: [],
  };
}

function childOf(
  run: Run,
  a: temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes,
  initiatedEventId: number,
): ChildState {
  return {
    initiatedEventId,
    namespace: a.namespace || run.namespace,
    workflowId: a.workflowId ?? '',
    workflowType: a.workflowType?.name ?? '',
    parentClosePolicy: a.parentClosePolicy ?? 0,
  };
}

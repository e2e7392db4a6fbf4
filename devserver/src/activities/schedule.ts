import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { long, msToDuration } from '../proto/time';
import { withRetryDefaults } from '../workflows/retry-policy';
import { type ActivityState } from './activity-state';
import { type ActivityTimeouts } from './normalise';
import { timeOutActivity } from './outcome';

const TimeoutType = temporal.api.enums.v1.TimeoutType;

/** Writes `ActivityTaskScheduled` with normalised timeouts and retry policy, and queues the first attempt. */
export function scheduleActivity(
  engine: Engine,
  run: Run,
  command: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
  timeouts: ActivityTimeouts,
  workflowTaskCompletedEventId: number,
  userMetadata: temporal.api.sdk.v1.IUserMetadata | null | undefined,
): void {
  const now = engine.now();
  const retryPolicy = withRetryDefaults(command.retryPolicy);
  const taskQueue = command.taskQueue?.name ? command.taskQueue : { name: run.taskQueue };
  const attributes: temporal.api.history.v1.IActivityTaskScheduledEventAttributes = {
    activityId: command.activityId,
    activityType: command.activityType,
    taskQueue: { name: taskQueue.name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    header: command.header,
    input: command.input,
    scheduleToCloseTimeout: msToDuration(timeouts.scheduleToCloseMs),
    scheduleToStartTimeout: msToDuration(timeouts.scheduleToStartMs),
    startToCloseTimeout: msToDuration(timeouts.startToCloseMs),
    heartbeatTimeout: msToDuration(timeouts.heartbeatMs),
    workflowTaskCompletedEventId: long(workflowTaskCompletedEventId),
    retryPolicy,
    useWorkflowBuildId: command.useWorkflowBuildId,
    priority: command.priority,
  };
  const scheduledEventId = run.append(
    EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    attributes,
    now,
    userMetadata ? { userMetadata } : {},
  );
  const activity: ActivityState = {
    scheduledEventId,
    activityId: command.activityId ?? '',
    attributes,
    scheduledTimeMs: now,
    ...timeouts,
    retryPolicy,
    state: 'scheduled',
    attempt: 1,
    currentAttemptScheduledTimeMs: now,
    attemptTimers: [],
  };
  run.activities.set(scheduledEventId, activity);
  if (timeouts.scheduleToCloseMs > 0) {
    activity.cancelScheduleToClose = engine.clock.schedule(
      now + timeouts.scheduleToCloseMs,
      () => timeOutActivity(engine, run, activity, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE),
      `activity schedule-to-close ${run.workflowId}/${scheduledEventId}`,
    );
  }
  dispatchActivityAttempt(engine, run, activity);
}

/** Queues the current attempt for pollers; it holds time skipping until it ends or goes into retry backoff. */
export function dispatchActivityAttempt(engine: Engine, run: Run, activity: ActivityState): void {
  activity.state = 'scheduled';
  activity.releaseLock?.();
  activity.releaseLock = engine.clock.lock(
    `activity ${run.workflowId}/${activity.scheduledEventId}#${activity.attempt}`,
    'activity',
  );
  if (activity.scheduleToStartMs > 0) {
    const attempt = activity.attempt;
    activity.attemptTimers.push(
      engine.clock.scheduleAfter(
        activity.scheduleToStartMs,
        () => {
          if (activity.attempt === attempt && activity.state === 'scheduled') {
            timeOutActivity(engine, run, activity, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
          }
        },
        `activity schedule-to-start ${run.workflowId}/${activity.scheduledEventId}`,
      ),
    );
  }
  const queueName = activity.attributes.taskQueue?.name ?? run.taskQueue;
  engine.activityQueues.get(run.namespace, queueName).offer({ run, activity, attempt: activity.attempt });
}

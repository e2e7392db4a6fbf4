import { temporal } from '@temporalio/proto';
import { type ActivityQueueItem, type Engine } from '../engine/engine';
import { type Run } from '../history/run';
import { encodeTaskToken } from '../history/task-tokens';
import { msToDuration, msToTimestamp } from '../proto/time';
import { cancelAttemptTimers } from './abandon';
import { type ActivityState } from './activity-state';
import { timeOutActivity } from './outcome';

type PollResponse = temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse;
const TimeoutType = temporal.api.enums.v1.TimeoutType;

/** Hands the queued attempt to a poller (undefined if it went stale) and arms its start-to-close/heartbeat timers. */
export function startActivityAttempt(
  engine: Engine,
  item: ActivityQueueItem,
  identity: string,
): PollResponse | undefined {
  const { run, activity } = item;
  if (!run.isOpen || run.activities.get(activity.scheduledEventId) !== activity) return undefined;
  if (activity.state !== 'scheduled' || activity.attempt !== item.attempt) return undefined;
  const now = engine.now();
  cancelAttemptTimers(activity);
  activity.state = 'started';
  activity.startedTimeMs = now;
  activity.startedIdentity = identity;
  engine.durability?.activityAttempt(run, activity);
  const attempt = activity.attempt;
  const whileCurrent = (fn: () => void) => () => {
    if (activity.attempt === attempt && activity.state === 'started') fn();
  };
  if (activity.startToCloseMs > 0) {
    activity.attemptTimers.push(
      engine.clock.scheduleAfter(
        activity.startToCloseMs,
        whileCurrent(() => timeOutActivity(engine, run, activity, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)),
        `activity start-to-close ${run.workflowId}/${activity.scheduledEventId}`,
      ),
    );
  }
  armHeartbeatTimeout(engine, run, activity);
  return activityTaskResponse(run, activity, now);
}

/** (Re-)arms the heartbeat timeout, measured from the start or from the last heartbeat. */
export function armHeartbeatTimeout(engine: Engine, run: Run, activity: ActivityState): void {
  if (activity.heartbeatMs <= 0) return;
  activity.cancelHeartbeatTimeout?.();
  const attempt = activity.attempt;
  activity.cancelHeartbeatTimeout = engine.clock.scheduleAfter(
    activity.heartbeatMs,
    () => {
      if (activity.attempt === attempt && activity.state === 'started') {
        timeOutActivity(engine, run, activity, TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
      }
    },
    `activity heartbeat ${run.workflowId}/${activity.scheduledEventId}`,
  );
}

function activityTaskResponse(run: Run, activity: ActivityState, now: number): PollResponse {
  const attributes = activity.attributes;
  return {
    taskToken: encodeTaskToken({
      kind: 'activity',
      namespace: run.namespace,
      runId: run.runId,
      scheduledEventId: activity.scheduledEventId,
      attempt: activity.attempt,
    }),
    workflowNamespace: run.namespace,
    workflowType: { name: run.workflowType },
    workflowExecution: run.execution,
    activityType: attributes.activityType,
    activityId: activity.activityId,
    header: attributes.header,
    input: attributes.input,
    heartbeatDetails: activity.lastHeartbeatDetails ?? undefined,
    scheduledTime: msToTimestamp(activity.scheduledTimeMs),
    currentAttemptScheduledTime: msToTimestamp(activity.currentAttemptScheduledTimeMs),
    startedTime: msToTimestamp(now),
    attempt: activity.attempt,
    // Required by the TS worker even when zero.
    scheduleToCloseTimeout: msToDuration(activity.scheduleToCloseMs),
    startToCloseTimeout: msToDuration(activity.startToCloseMs),
    heartbeatTimeout: msToDuration(activity.heartbeatMs),
    retryPolicy: activity.retryPolicy,
    priority: attributes.priority,
  };
}

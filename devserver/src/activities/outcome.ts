import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { attributesKey, EventType } from '../history/event-types';
import { msToTimestamp } from '../proto/time';
import { type Run } from '../history/run';
import { recordExternalEvent } from '../workflow-task/schedule';
import { decideRetry, RetryState } from '../workflows/retry-policy';
import { cancelAttemptTimers, retireActivity } from './abandon';
import { type ActivityState } from './activity-state';
import { dispatchActivityAttempt } from './schedule';

type Failure = temporal.api.failure.v1.IFailure;
type Payloads = temporal.api.common.v1.IPayloads;
const TimeoutType = temporal.api.enums.v1.TimeoutType;
type TimeoutType = temporal.api.enums.v1.TimeoutType;

const TIMEOUT_NAMES = new Map<TimeoutType, string>([
  [TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE, 'StartToClose'],
  [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START, 'ScheduleToStart'],
  [TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, 'ScheduleToClose'],
  [TimeoutType.TIMEOUT_TYPE_HEARTBEAT, 'Heartbeat'],
]);

/**
 * Ends the activity (also used by recovery to re-apply an outcome acknowledged while a workflow task ran):
 * `ActivityTaskStarted` is written only now (once, with the final attempt) when an attempt ever
 * started, then the terminal event; both are buffered while the workflow task runs.
 */
export function finish(
  engine: Engine,
  run: Run,
  activity: ActivityState,
  identity: string,
  terminalType: EventType,
  terminal: Record<string, unknown>,
): void {
  retireActivity(run, activity);
  recordExternalEvent(
    engine,
    run,
    () => {
      let startedEventId = 0;
      if (activity.startedIdentity !== undefined) {
        startedEventId = run.append(
          EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
          {
            scheduledEventId: activity.scheduledEventId,
            identity: activity.startedIdentity || identity,
            requestId: `${run.runId}-${activity.scheduledEventId}-${activity.attempt}`,
            attempt: activity.attempt,
            lastFailure: activity.lastFailure ?? undefined,
          },
          activity.startedTimeMs ?? engine.now(),
        );
      }
      run.append(terminalType, { ...terminal, startedEventId }, engine.now());
    },
    // Recorded if buffered: the outcome was acknowledged to the worker, which will not report it again.
    () => ({
      eventType: terminalType,
      eventTime: msToTimestamp(engine.now()),
      [attributesKey(terminalType)]: terminal,
    }),
  );
}

export function completeActivity(
  engine: Engine,
  run: Run,
  activity: ActivityState,
  result: Payloads | null | undefined,
  identity: string,
): void {
  finish(engine, run, activity, identity, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, {
    result: result ?? undefined,
    scheduledEventId: activity.scheduledEventId,
    identity,
  });
}

export function cancelActivity(
  engine: Engine,
  run: Run,
  activity: ActivityState,
  details: Payloads | null | undefined,
  identity: string,
): void {
  finish(engine, run, activity, identity, EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED, {
    details: details ?? undefined,
    latestCancelRequestedEventId: activity.cancelRequestedEventId ?? 0,
    scheduledEventId: activity.scheduledEventId,
    identity,
  });
}

/** An attempt failed: retry after backoff when the policy and schedule-to-close allow, else fail for good. */
export function failActivity(
  engine: Engine,
  run: Run,
  activity: ActivityState,
  failure: Failure | null | undefined,
  lastHeartbeatDetails: Payloads | null | undefined,
  identity: string,
): void {
  if (lastHeartbeatDetails?.payloads?.length) activity.lastHeartbeatDetails = lastHeartbeatDetails;
  const decision = retryDecision(engine, activity, failure);
  if (decision.retry) {
    retryAfter(engine, run, activity, failure, decision.backoffMs);
    return;
  }
  finish(engine, run, activity, identity, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, {
    failure: failure ?? undefined,
    scheduledEventId: activity.scheduledEventId,
    identity,
    retryState: decision.state,
  });
}

/** Server-side timeout of an attempt or of the whole activity. Start-to-close and heartbeat timeouts are retryable. */
export function timeOutActivity(engine: Engine, run: Run, activity: ActivityState, timeoutType: TimeoutType): void {
  if (!run.isOpen || run.activities.get(activity.scheduledEventId) !== activity) return;
  const failure = timeoutFailure(activity, timeoutType, undefined);
  const retryable =
    timeoutType === TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE || timeoutType === TimeoutType.TIMEOUT_TYPE_HEARTBEAT;
  let retryState: temporal.api.enums.v1.RetryState = RetryState.RETRY_STATE_TIMEOUT;
  let finalFailure = failure;
  if (retryable) {
    const decision = retryDecision(engine, activity, failure);
    if (decision.retry) {
      retryAfter(engine, run, activity, failure, decision.backoffMs);
      return;
    }
    retryState = decision.state;
    if (decision.state === RetryState.RETRY_STATE_TIMEOUT) {
      finalFailure = timeoutFailure(activity, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE, failure);
    }
  } else if (timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE && activity.lastFailure) {
    finalFailure = timeoutFailure(activity, timeoutType, activity.lastFailure);
  }
  finish(engine, run, activity, '', EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, {
    failure: finalFailure,
    scheduledEventId: activity.scheduledEventId,
    retryState,
  });
}

function timeoutFailure(activity: ActivityState, timeoutType: TimeoutType, cause: Failure | undefined): Failure {
  return {
    message: `activity ${TIMEOUT_NAMES.get(timeoutType) ?? 'unknown'} timeout`,
    source: 'Server',
    timeoutFailureInfo: { timeoutType, lastHeartbeatDetails: activity.lastHeartbeatDetails ?? undefined },
    cause,
  };
}

function scheduleToCloseDeadline(activity: ActivityState): number {
  return activity.scheduleToCloseMs > 0 ? activity.scheduledTimeMs + activity.scheduleToCloseMs : 0;
}

/** Backoff between attempts releases the time-skipping lock, so retry delays are skipped under test. */
function retryAfter(
  engine: Engine,
  run: Run,
  activity: ActivityState,
  failure: Failure | null | undefined,
  backoffMs: number,
): void {
  cancelAttemptTimers(activity);
  activity.lastFailure = failure ?? undefined;
  activity.attempt += 1;
  activity.state = 'backoff';
  activity.currentAttemptScheduledTimeMs = engine.now() + backoffMs;
  activity.releaseLock?.();
  activity.releaseLock = undefined;
  engine.durability?.activityAttempt(run, activity);
  armRetryDispatch(engine, run, activity);
}

/** Dispatches the attempt in backoff at its scheduled time (also used by recovery, when that time may be past). */
export function armRetryDispatch(engine: Engine, run: Run, activity: ActivityState): void {
  activity.attemptTimers.push(
    engine.clock.schedule(
      activity.currentAttemptScheduledTimeMs,
      () => {
        if (run.isOpen && run.activities.get(activity.scheduledEventId) === activity && activity.state === 'backoff') {
          cancelAttemptTimers(activity);
          dispatchActivityAttempt(engine, run, activity);
        }
      },
      `activity retry ${run.workflowId}/${activity.scheduledEventId}#${activity.attempt}`,
    ),
  );
}

/** Whether the activity's retry policy allows another attempt after `failure`, now, within schedule-to-close. */
function retryDecision(engine: Engine, activity: ActivityState, failure: Failure | null | undefined) {
  return decideRetry(activity.retryPolicy, activity.attempt, failure, engine.now(), scheduleToCloseDeadline(activity));
}

import { type Release } from '../clock/virtual-clock';
import { type temporal } from '../proto/codec';

/** A scheduled activity of a run, from `ActivityTaskScheduled` until its terminal event. */
export interface ActivityState {
  readonly scheduledEventId: number;
  readonly activityId: string;
  /** Normalised attributes as written into `ActivityTaskScheduled`. */
  readonly attributes: temporal.api.history.v1.IActivityTaskScheduledEventAttributes;
  readonly scheduledTimeMs: number;
  readonly scheduleToCloseMs: number;
  readonly scheduleToStartMs: number;
  readonly startToCloseMs: number;
  readonly heartbeatMs: number;
  readonly retryPolicy: temporal.api.common.v1.IRetryPolicy;
  state: 'scheduled' | 'started' | 'backoff';
  attempt: number;
  currentAttemptScheduledTimeMs: number;
  startedTimeMs?: number;
  startedIdentity?: string;
  lastHeartbeatDetails?: temporal.api.common.v1.IPayloads | null;
  lastFailure?: temporal.api.failure.v1.IFailure | null;
  cancelRequestedEventId?: number;
  /** Held while scheduled or running; released during retry backoff and at the end. */
  releaseLock?: Release;
  /** Cancels the timers of the current attempt (start-to-close, heartbeat, schedule-to-start, backoff). */
  attemptTimers: Release[];
  cancelHeartbeatTimeout?: Release;
  cancelScheduleToClose?: Release;
}

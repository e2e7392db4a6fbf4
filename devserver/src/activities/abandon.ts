import { type Run } from '../history/run';
import { type ActivityState } from './activity-state';

/** Stops an activity's timers and releases its time-skipping lock (terminal outcome or run closed). */
export function retireActivity(run: Run, activity: ActivityState): void {
  cancelAttemptTimers(activity);
  activity.cancelScheduleToClose?.();
  activity.releaseLock?.();
  activity.releaseLock = undefined;
  run.activities.delete(activity.scheduledEventId);
}

/** The run closed: its activities are gone (heartbeats and completions now get NOT_FOUND). */
export function abandonActivities(run: Run): void {
  for (const activity of [...run.activities.values()]) retireActivity(run, activity);
}

/** Cancels the timers that belong to the current attempt only. */
export function cancelAttemptTimers(activity: ActivityState): void {
  for (const cancel of activity.attemptTimers.splice(0)) cancel();
  activity.cancelHeartbeatTimeout?.();
  activity.cancelHeartbeatTimeout = undefined;
}

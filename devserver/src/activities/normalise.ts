import { type temporal } from '../proto/codec';
import { durationToMs } from '../proto/time';

export interface ActivityTimeouts {
  readonly scheduleToCloseMs: number;
  readonly scheduleToStartMs: number;
  readonly startToCloseMs: number;
  readonly heartbeatMs: number;
}

/**
 * The real server's timeout normalisation (spec 4.1); returns an error message for an invalid command.
 * 0 means "no limit" for schedule-to-close, schedule-to-start and heartbeat.
 */
export function normaliseActivityTimeouts(
  command: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes,
  runTimeoutMs: number,
): ActivityTimeouts | string {
  let scheduleToCloseMs = durationToMs(command.scheduleToCloseTimeout);
  let scheduleToStartMs = durationToMs(command.scheduleToStartTimeout);
  let startToCloseMs = durationToMs(command.startToCloseTimeout);
  let heartbeatMs = durationToMs(command.heartbeatTimeout);
  if (scheduleToCloseMs < 0 || scheduleToStartMs < 0 || startToCloseMs < 0 || heartbeatMs < 0) {
    return 'Invalid timeout on ScheduleActivityTaskCommand: durations cannot be negative.';
  }
  if (scheduleToCloseMs > 0) {
    scheduleToStartMs = scheduleToStartMs > 0 ? Math.min(scheduleToStartMs, scheduleToCloseMs) : scheduleToCloseMs;
    startToCloseMs = startToCloseMs > 0 ? Math.min(startToCloseMs, scheduleToCloseMs) : scheduleToCloseMs;
  } else if (startToCloseMs > 0) {
    scheduleToCloseMs = runTimeoutMs;
    if (scheduleToStartMs === 0) scheduleToStartMs = runTimeoutMs;
  } else {
    return 'A valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand.';
  }
  if (runTimeoutMs > 0) {
    const cap = (ms: number): number => (ms > 0 ? Math.min(ms, runTimeoutMs) : runTimeoutMs);
    scheduleToCloseMs = cap(scheduleToCloseMs);
    scheduleToStartMs = cap(scheduleToStartMs);
    startToCloseMs = cap(startToCloseMs);
    heartbeatMs = heartbeatMs > 0 ? Math.min(heartbeatMs, runTimeoutMs) : 0;
  }
  if (scheduleToCloseMs > 0 && heartbeatMs > scheduleToCloseMs) heartbeatMs = scheduleToCloseMs;
  return { scheduleToCloseMs, scheduleToStartMs, startToCloseMs, heartbeatMs };
}

import { temporal } from '@temporalio/proto';
import { normaliseActivityTimeouts } from '../activities/normalise';
import { cancelActivity } from '../activities/outcome';
import { scheduleActivity } from '../activities/schedule';
import { EventType } from '../history/event-types';
import { retryPolicyProblem } from '../workflows/retry-policy';
import { type CommandHandler } from './command-context';

const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
type ScheduleAttributes = temporal.api.command.v1.IScheduleActivityTaskCommandAttributes;
type CancelAttributes = temporal.api.command.v1.IRequestCancelActivityTaskCommandAttributes;

export const scheduleActivityTask: CommandHandler<ScheduleAttributes> = {
  validate(scope, attributes) {
    const reject = (message: string) => ({
      cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
      message,
    });
    if (!attributes.activityId) return reject('ActivityId is not set on ScheduleActivityTaskCommand.');
    if (!attributes.activityType?.name) return reject('ActivityType is not set on ScheduleActivityTaskCommand.');
    const open = [...scope.run.activities.values()].some((a) => a.activityId === attributes.activityId);
    if (open || scope.activityIds.has(attributes.activityId)) {
      return reject(`Activity with id ${attributes.activityId} is already scheduled and not completed.`);
    }
    scope.activityIds.add(attributes.activityId);
    const timeouts = normaliseActivityTimeouts(attributes, scope.run.runTimeoutMs);
    if (typeof timeouts === 'string') return reject(timeouts);
    const policyProblem = retryPolicyProblem(attributes.retryPolicy);
    return policyProblem ? reject(policyProblem) : undefined;
  },
  apply(ctx, attributes, command) {
    const timeouts = normaliseActivityTimeouts(attributes, ctx.run.runTimeoutMs);
    if (typeof timeouts === 'string') return;
    scheduleActivity(ctx.engine, ctx.run, attributes, timeouts, ctx.completedEventId, command.userMetadata);
  },
};

export const requestCancelActivityTask: CommandHandler<CancelAttributes> = {
  validate(scope, attributes) {
    const id = Number(attributes.scheduledEventId ?? 0);
    if (!scope.run.activities.has(id)) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
        message: `Unable to cancel activity: no open activity with scheduled event id ${id}.`,
      };
    }
    return undefined;
  },
  apply(ctx, attributes) {
    const activity = ctx.run.activities.get(Number(attributes.scheduledEventId ?? 0));
    if (!activity) return;
    activity.cancelRequestedEventId = ctx.run.append(
      EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
      { scheduledEventId: activity.scheduledEventId, workflowTaskCompletedEventId: ctx.completedEventId },
      ctx.engine.now(),
    );
    // Not running anywhere: cancelled right away. A running attempt learns of it from its next heartbeat.
    if (activity.state !== 'started') cancelActivity(ctx.engine, ctx.run, activity, undefined, ctx.identity);
  },
};

import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { durationToMs } from '../proto/time';
import { recordExternalEvent } from '../workflow-task/schedule';
import { type CommandHandler } from './command-context';

const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
type StartAttributes = temporal.api.command.v1.IStartTimerCommandAttributes;
type CancelAttributes = temporal.api.command.v1.ICancelTimerCommandAttributes;

export const startTimer: CommandHandler<StartAttributes> = {
  validate(scope, attributes) {
    const reject = (message: string) => ({
      cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
      message,
    });
    if (!attributes.timerId) return reject('TimerId is not set on StartTimerCommand.');
    if (durationToMs(attributes.startToFireTimeout) <= 0)
      return reject('A valid StartToFireTimeout is not set on StartTimerCommand.');
    if (scope.run.timers.has(attributes.timerId) || scope.timerIds.has(attributes.timerId)) {
      return reject(`Timer with id ${attributes.timerId} is already started.`);
    }
    scope.timerIds.add(attributes.timerId);
    return undefined;
  },
  apply(ctx, attributes, command) {
    const { engine, run } = ctx;
    const timerId = attributes.timerId ?? '';
    const startedEventId = run.append(
      EventType.EVENT_TYPE_TIMER_STARTED,
      {
        timerId,
        startToFireTimeout: attributes.startToFireTimeout,
        workflowTaskCompletedEventId: ctx.completedEventId,
      },
      engine.now(),
      command.userMetadata ? { userMetadata: command.userMetadata } : {},
    );
    const cancel = engine.clock.scheduleAfter(
      durationToMs(attributes.startToFireTimeout),
      () => fireTimer(engine, run, timerId, startedEventId),
      `timer ${run.workflowId}/${timerId}`,
    );
    run.timers.set(timerId, { startedEventId, cancel });
  },
};

export function fireTimer(engine: Engine, run: Run, timerId: string, startedEventId: number): void {
  if (run.timers.get(timerId)?.startedEventId !== startedEventId) return;
  run.timers.delete(timerId);
  recordExternalEvent(engine, run, () => {
    run.append(EventType.EVENT_TYPE_TIMER_FIRED, { timerId, startedEventId }, engine.now());
  });
}

export const cancelTimer: CommandHandler<CancelAttributes> = {
  validate(scope, attributes) {
    const id = attributes.timerId ?? '';
    if (!scope.run.timers.has(id) && !scope.timerIds.has(id)) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
        message: `Timer ${id} is not open.`,
      };
    }
    return undefined;
  },
  apply(ctx, attributes) {
    const timerId = attributes.timerId ?? '';
    const timer = ctx.run.timers.get(timerId);
    if (!timer) return;
    timer.cancel();
    ctx.run.timers.delete(timerId);
    ctx.run.append(
      EventType.EVENT_TYPE_TIMER_CANCELED,
      {
        timerId,
        startedEventId: timer.startedEventId,
        workflowTaskCompletedEventId: ctx.completedEventId,
        identity: ctx.identity,
      },
      ctx.engine.now(),
    );
  },
};

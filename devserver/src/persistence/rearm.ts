import { temporal } from '@temporalio/proto';
import { type ActivityState } from '../activities/activity-state';
import { timeOutActivity, armRetryDispatch } from '../activities/outcome';
import { dispatchActivityAttempt } from '../activities/schedule';
import { fireTimer } from '../commands/timer-commands';
import { type Engine } from '../engine/engine';
import { attributesOf } from '../history/event-types';
import { type Run } from '../history/run';
import { timeOutWorkflowTask } from '../workflow-task/end';
import { scheduleWorkflowTask } from '../workflow-task/schedule';
import { type WorkflowTaskState } from '../workflow-task/workflow-task-state';
import { notifyParentOfClose } from '../workflows/children';
import { armRunTimeout } from '../workflows/create-run';
import { attemptKey } from './apply-records';
import { type ActivityAttempt } from './records';
import { type PendingWork } from './rebuild-run';

const TimeoutType = temporal.api.enums.v1.TimeoutType;

/**
 * Gives a recovered open run its live behaviour back through the functions the server itself uses, with every
 * deadline at the absolute time history fixed for it, so what fell due while the server was down fires at once.
 */
export function rearmRun(
  engine: Engine,
  run: Run,
  pending: PendingWork,
  attempts: ReadonlyMap<string, ActivityAttempt>,
): void {
  armRunTimeout(engine, run);
  // In event order, so timers due at the same instant fire in the order they were started.
  for (const timer of pending.timers) {
    const cancel = engine.clock.schedule(
      timer.deadlineMs,
      () => fireTimer(engine, run, timer.timerId, timer.startedEventId),
      `timer ${run.workflowId}/${timer.timerId}`,
    );
    run.timers.set(timer.timerId, { startedEventId: timer.startedEventId, cancel });
  }
  for (const activity of pending.activities) {
    rearmActivity(engine, run, activity, attempts.get(attemptKey(run.namespace, run.runId, activity.scheduledEventId)));
  }
  if (pending.workflowTask) {
    rearmWorkflowTask(engine, run, pending.workflowTask);
  } else if (pending.awaitingFirstTask) {
    run.awaitingFirstTask = true;
    run.cancelFirstTaskBackoff = engine.clock.schedule(
      run.executionTimeMs,
      () => {
        run.awaitingFirstTask = false;
        scheduleWorkflowTask(engine, run);
      },
      `first workflow task of ${run.workflowId}`,
    );
  }
}

/**
 * A scheduled task goes back to its queue. A started one keeps its start-to-close deadline from its start, as the
 * real server's persisted timeout task does: the worker that has it may still complete it, otherwise it times out
 * and is retried.
 */
function rearmWorkflowTask(engine: Engine, run: Run, pending: NonNullable<PendingWork['workflowTask']>): void {
  const task: WorkflowTaskState = {
    state: pending.startedEventId ? 'started' : 'scheduled',
    scheduledEventId: pending.scheduledEventId,
    startedEventId: pending.startedEventId,
    attempt: pending.attempt,
    releaseLock: engine.clock.lock(`workflow task ${run.workflowId}/${pending.scheduledEventId}`),
    attachedQueries: new Map(),
    deliveredUpdates: [],
  };
  run.workflowTask = task;
  if (task.state === 'started') {
    task.cancelTimeout = engine.clock.schedule(
      pending.startedAtMs + run.workflowTaskTimeoutMs,
      () => timeOutWorkflowTask(engine, run, task),
      `workflow task timeout ${run.workflowId}/${pending.scheduledEventId}`,
    );
  } else {
    engine.workflowQueues
      .get(run.namespace, run.taskQueue)
      .offer({ kind: 'workflow-task', run, scheduledEventId: task.scheduledEventId });
  }
}

function rearmActivity(engine: Engine, run: Run, activity: ActivityState, recorded: ActivityAttempt | undefined): void {
  run.activities.set(activity.scheduledEventId, activity);
  if (activity.scheduleToCloseMs > 0) {
    activity.cancelScheduleToClose = engine.clock.schedule(
      activity.scheduledTimeMs + activity.scheduleToCloseMs,
      () => timeOutActivity(engine, run, activity, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE),
      `activity schedule-to-close ${run.workflowId}/${activity.scheduledEventId}`,
    );
  }
  if (recorded) {
    activity.attempt = recorded.attempt;
    activity.currentAttemptScheduledTimeMs = recorded.currentAttemptScheduledTimeMs;
    activity.startedIdentity = recorded.startedIdentity;
    activity.lastHeartbeatDetails = recorded.details;
    activity.lastFailure = recorded.lastFailure;
  }
  if (recorded?.state === 'backoff') {
    activity.state = 'backoff';
    armRetryDispatch(engine, run, activity);
  } else if (recorded?.state === 'started' && recorded.startedAtMs !== undefined) {
    rearmRunningAttempt(engine, run, activity, recorded.startedAtMs, recorded.lastHeartbeatMs);
  } else {
    dispatchActivityAttempt(engine, run, activity);
  }
}

/**
 * An attempt running at the crash: its worker may be gone with the connection, so it ends by its own start-to-close
 * (or heartbeat) deadline measured from its start (or last heartbeat) and is retried per policy, as the real server
 * does for a vanished worker. A worker still holding it may complete or heartbeat it (the token's attempt matches).
 */
function rearmRunningAttempt(
  engine: Engine,
  run: Run,
  activity: ActivityState,
  startedAtMs: number,
  lastHeartbeatMs: number | undefined,
): void {
  activity.state = 'started';
  activity.startedTimeMs = startedAtMs;
  // Lets the journal remember the heartbeat time for its next snapshot (compaction).
  if (lastHeartbeatMs !== undefined) engine.durability?.activityAttempt(run, activity, lastHeartbeatMs);
  activity.releaseLock = engine.clock.lock(
    `activity ${run.workflowId}/${activity.scheduledEventId}#${activity.attempt}`,
    'activity',
  );
  const attempt = activity.attempt;
  const whileCurrent = (timeoutType: temporal.api.enums.v1.TimeoutType) => () => {
    if (activity.attempt === attempt && activity.state === 'started')
      timeOutActivity(engine, run, activity, timeoutType);
  };
  if (activity.startToCloseMs > 0) {
    activity.attemptTimers.push(
      engine.clock.schedule(
        startedAtMs + activity.startToCloseMs,
        whileCurrent(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE),
        `activity start-to-close ${run.workflowId}/${activity.scheduledEventId}`,
      ),
    );
  }
  if (activity.heartbeatMs > 0) {
    activity.cancelHeartbeatTimeout = engine.clock.schedule(
      (lastHeartbeatMs ?? startedAtMs) + activity.heartbeatMs,
      whileCurrent(TimeoutType.TIMEOUT_TYPE_HEARTBEAT),
      `activity heartbeat ${run.workflowId}/${activity.scheduledEventId}`,
    );
  }
}

/** Links each run continued from another (continue-as-new, retry, cron) to its predecessor's `nextRun`. */
export function linkChains(engine: Engine, runs: readonly Run[]): void {
  for (const run of runs) {
    const started = run.events[0];
    if (!started) continue;
    const previousRunId =
      attributesOf<temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes>(started).continuedExecutionRunId;
    if (!previousRunId) continue;
    const previous = engine.namespace(run.namespace).runById(previousRunId);
    if (previous) previous.nextRun = run;
  }
}

/**
 * A child that closed while its parent's workflow task ran had its close event buffered in the parent, which a crash
 * loses. History tells: the parent still shows the child started and not closed, while the child's chain has closed.
 * Tell the parent again (as the real server's transfer task would); children whose close is in history are no
 * longer in `parent.children`, so nothing is told twice.
 */
export function redeliverChildCloses(engine: Engine, parents: readonly Run[]): void {
  for (const parent of parents) {
    if (!parent.isOpen) continue;
    for (const child of [...parent.children.values()]) {
      if (child.startedEventId === undefined || !child.runId) continue;
      let last = engine.namespace(child.namespace).runById(child.runId);
      while (last?.nextRun) last = last.nextRun;
      if (last && !last.isOpen) notifyParentOfClose(engine, last);
    }
  }
}

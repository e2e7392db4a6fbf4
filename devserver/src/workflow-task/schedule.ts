import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { attributesKey, EventType, type HistoryEvent } from '../history/event-types';
import { type Run } from '../history/run';
import { msToDuration, msToTimestamp } from '../proto/time';

const NORMAL = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;

/**
 * Schedules a workflow task unless one is already scheduled or started (one at a time per run), the run is closed,
 * or the first task is still delayed (start delay, retry backoff).
 */
export function scheduleWorkflowTask(engine: Engine, run: Run): void {
  if (!run.isOpen || run.workflowTask || run.awaitingFirstTask) return;
  const attempt = run.nextWorkflowTaskAttempt;
  const scheduledEventId = run.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    {
      taskQueue: { name: run.taskQueue, kind: NORMAL },
      startToCloseTimeout: msToDuration(run.workflowTaskTimeoutMs),
      attempt,
    },
    engine.now(),
  );
  run.workflowTask = {
    state: 'scheduled',
    scheduledEventId,
    startedEventId: 0,
    attempt,
    releaseLock: engine.clock.lock(`workflow task ${run.workflowId}/${scheduledEventId}`),
    attachedQueries: new Map(),
    deliveredUpdates: [],
  };
  engine.workflowQueues.get(run.namespace, run.taskQueue).offer({ kind: 'workflow-task', run, scheduledEventId });
}

/**
 * Records an event caused from outside the workflow (signal, activity result, timer, child event…). While a
 * workflow task is started the event is buffered: the task's command events must come first in history, or replay
 * would see a different order than the execution did.
 */
export function recordExternalEvent(engine: Engine, run: Run, write: () => void, asRecord?: () => HistoryEvent): void {
  if (!run.isOpen) return;
  if (run.workflowTask?.state === 'started') {
    run.buffered.push(write);
    // Acknowledged but not in history yet: journaled as its cause (`asRecord`), replayed by recovery. Events
    // without one (timer fires, timeouts) are re-derived from history instead.
    if (asRecord) run.durability?.eventBuffered(run, asRecord());
    return;
  }
  write();
  scheduleWorkflowTask(engine, run);
}

/**
 * One event from outside the workflow whose attributes are all it says (a signal, a cancel request): appended now or
 * buffered behind a started task, and journaled as itself while buffered.
 */
export function recordExternalHistoryEvent(
  engine: Engine,
  run: Run,
  type: EventType,
  attributes: Record<string, unknown>,
): void {
  recordExternalEvent(
    engine,
    run,
    () => run.append(type, attributes, engine.now()),
    () => ({
      eventType: type,
      eventTime: msToTimestamp(engine.now()),
      // Numbers where the proto type says Long: the codec takes either.
      [attributesKey(type)]: attributes,
    }),
  );
}

/** Appends the events buffered while a task ran; returns whether there were any. */
export function flushBufferedEvents(run: Run): boolean {
  const buffered = run.buffered;
  run.buffered = [];
  for (const write of buffered) if (run.isOpen) write();
  if (buffered.length > 0) run.durability?.bufferFlushed(run);
  return buffered.length > 0;
}

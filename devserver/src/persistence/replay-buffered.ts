import { finish } from '../activities/outcome';
import { type Engine } from '../engine/engine';
import { attributesOf, EventType, type HistoryEvent } from '../history/event-types';
import { type Run } from '../history/run';
import { timestampToMs } from '../proto/time';
import { recordExternalEvent } from '../workflow-task/schedule';

const ACTIVITY_OUTCOMES: ReadonlySet<EventType> = new Set([
  EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
]);

/**
 * Re-applies the external events a run had acknowledged while its workflow task ran (signals, cancel requests,
 * activity outcomes): the task is started again after re-arming, so they are buffered again, and reach history
 * when it completes or times out, in their original order.
 */
export function replayBufferedEvents(engine: Engine, run: Run, events: readonly HistoryEvent[]): void {
  for (const event of events) {
    const type = event.eventType as EventType;
    const attributes = attributesOf<Record<string, unknown>>(event);
    if (ACTIVITY_OUTCOMES.has(type)) {
      const activity = run.activities.get(Number(attributes['scheduledEventId']));
      // Absent when history already holds its outcome.
      if (activity)
        finish(
          engine,
          run,
          activity,
          typeof attributes['identity'] === 'string' ? attributes['identity'] : '',
          type,
          attributes,
        );
      continue;
    }
    if (type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED) run.cancelRequested = true;
    const atMs = timestampToMs(event.eventTime) ?? engine.now();
    recordExternalEvent(
      engine,
      run,
      () => run.append(type, attributes, atMs),
      () => event,
    );
  }
}

import { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;
const E = 'EVENT_TYPE_';

/**
 * Billable Temporal actions in a history, as Temporal Cloud counts them: the start, every signal, timer, activity
 * (first attempt), child start, external signal, search-attribute upsert, and one per workflow task that recorded
 * local-activity markers. Queries and workflow tasks themselves are free.
 */
export function countActions(history: History): { actions: number; events: number } {
  const events = history.events ?? [];
  let actions = 0;
  let markerTask: number | undefined;
  let lastCompletedTask = 0;
  for (const event of events) {
    const type = eventTypeName(event.eventType);
    if (type === 'WORKFLOW_TASK_COMPLETED') lastCompletedTask = Number(event.eventId);
    if (
      [
        'WORKFLOW_EXECUTION_STARTED',
        'WORKFLOW_EXECUTION_SIGNALED',
        'TIMER_STARTED',
        'ACTIVITY_TASK_SCHEDULED',
        'START_CHILD_WORKFLOW_EXECUTION_INITIATED',
        'SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED',
        'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
        'WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
      ].includes(type)
    ) {
      actions += 1;
    }
    if (type === 'MARKER_RECORDED' && markerTask !== lastCompletedTask) {
      markerTask = lastCompletedTask;
      actions += 1;
    }
  }
  return { actions, events: events.length };
}

function eventTypeName(type: unknown): string {
  const name = typeof type === 'number' ? (temporal.api.enums.v1.EventType[type] ?? String(type)) : String(type);
  return name.startsWith(E) ? name.slice(E.length) : name;
}

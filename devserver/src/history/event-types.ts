import { temporal } from '@temporalio/proto';

export const EventType = temporal.api.enums.v1.EventType;
export type EventType = temporal.api.enums.v1.EventType;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const attributeKeys = new Map<EventType, string>();

/** `EVENT_TYPE_TIMER_FIRED` → `timerFiredEventAttributes`: the name of the attributes oneof member. */
export function attributesKey(type: EventType): string {
  let key = attributeKeys.get(type);
  if (!key) {
    const words = EventType[type]
      .replace(/^EVENT_TYPE_/, '')
      .toLowerCase()
      .split('_');
    key = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('') + 'EventAttributes';
    attributeKeys.set(type, key);
  }
  return key;
}

/** The attributes of an event, typed by the caller (the oneof member matching its type). */
export function attributesOf<T>(event: HistoryEvent): T {
  return (event as Record<string, unknown>)[attributesKey(event.eventType as EventType)] as T;
}

const CLOSE_EVENTS: ReadonlySet<EventType> = new Set([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

export function isCloseEvent(type: EventType): boolean {
  return CLOSE_EVENTS.has(type);
}

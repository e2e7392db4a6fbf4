import { type temporal } from '@temporalio/proto';
import { temporal as protos } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const eventTypeEnum = protos.api.enums.v1.EventType;

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`, the spelling the spec and UIs use. */
export function eventTypeName(event: HistoryEvent): string {
  const enumName = eventTypeEnum[Number(event.eventType ?? 0)] ?? `UNKNOWN_${String(event.eventType)}`;
  return enumName
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

export function eventsOf(history: History): HistoryEvent[] {
  return history.events ?? [];
}

export function eventTypes(history: History): string[] {
  return eventsOf(history).map(eventTypeName);
}

export function eventsNamed(history: History, name: string): HistoryEvent[] {
  return eventsOf(history).filter((event) => eventTypeName(event) === name);
}

/** The single event of that type; fails the test when there is none or more than one. */
export function onlyEvent(history: History, name: string): HistoryEvent {
  const found = eventsNamed(history, name);
  if (found.length !== 1) throw new Error(`expected exactly one ${name} event, found ${found.length}`);
  return found[0] as HistoryEvent;
}

/** The event's `…EventAttributes` oneof as a plain record (fields in protobufjs camelCase). */
export function attributesOf(event: HistoryEvent): Record<string, unknown> {
  const name = eventTypeName(event);
  const key = `${name.charAt(0).toLowerCase()}${name.slice(1)}EventAttributes`;
  const attributes = (event as Record<string, unknown>)[key];
  if (attributes === null || typeof attributes !== 'object')
    throw new Error(`event ${String(event.eventId)} (${name}) has no ${key}`);
  return attributes as Record<string, unknown>;
}

/** int64 fields arrive as Long objects, numbers or strings depending on the decoder. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') {
    return (value as { toNumber(): number }).toNumber();
  }
  throw new Error(`not an integer: ${JSON.stringify(value)}`);
}

export function eventId(event: HistoryEvent): number {
  return toNumber(event.eventId);
}

/** Milliseconds since the epoch of a google.protobuf.Timestamp. */
export function timestampMs(timestamp: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  if (!timestamp) throw new Error('missing timestamp');
  return toNumber(timestamp.seconds) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000);
}

/** Milliseconds of a google.protobuf.Duration. */
export function durationMs(duration: unknown): number {
  if (!duration || typeof duration !== 'object') return 0;
  const { seconds, nanos } = duration as { seconds?: unknown; nanos?: number | null };
  return toNumber(seconds) * 1000 + Math.floor((nanos ?? 0) / 1_000_000);
}

/** Whether `expected` occurs in `actual` in order (other events may sit in between). */
export function containsInOrder(actual: readonly string[], expected: readonly string[]): boolean {
  let next = 0;
  for (const name of actual) {
    if (name === expected[next]) next += 1;
    if (next === expected.length) return true;
  }
  return expected.length === 0;
}

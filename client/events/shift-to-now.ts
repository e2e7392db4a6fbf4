import { DateTime } from 'luxon';
import { timestampProblem } from '../../domain/events';

interface Line {
  readonly line: number;
  readonly value: unknown;
}

/**
 * `notify events send --now`: moves every instant in the file by one amount, so that the first event's `occurredAt`
 * is `now` and a shared trace replays live with its spacing intact. Every string that is a full ISO-8601 instant with
 * an offset moves — `occurredAt`, the trace-only `at`, and instants inside `data` such as `promisedDeliveryBy` — each
 * keeping its own offset. Lines without a usable `occurredAt` are left for the API to report. Pure.
 */
export function shiftToNow<L extends Line>(lines: readonly L[], now: Date): L[] {
  const first = lines.map((l) => occurredAtOf(l.value)).find((ms) => ms !== undefined);
  if (first === undefined) return [...lines];
  const byMs = now.getTime() - first;
  return lines.map((l) => ({ ...l, value: shifted(l.value, byMs) }));
}

function occurredAtOf(value: unknown): number | undefined {
  const at = (value as { occurredAt?: unknown } | null)?.occurredAt;
  return typeof at === 'string' && timestampProblem(at) === undefined ? Date.parse(at) : undefined;
}

function shifted(value: unknown, byMs: number): unknown {
  if (typeof value === 'string') return isInstant(value) ? shiftInstant(value, byMs) : value;
  if (Array.isArray(value)) return value.map((item) => shifted(item, byMs));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shifted(item, byMs)]));
  }
  return value;
}

/** Only date-times (a `T` and an offset): a date alone, a phone number or a free-text field never moves. */
function isInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && timestampProblem(text) === undefined;
}

function shiftInstant(text: string, byMs: number): string {
  const at = DateTime.fromISO(text, { setZone: true }).plus({ milliseconds: byMs });
  const hasFraction = /T\d{2}:\d{2}:\d{2}\.\d+/.test(text);
  return at.toISO({ suppressMilliseconds: !hasFraction, includeOffset: true }) ?? text;
}

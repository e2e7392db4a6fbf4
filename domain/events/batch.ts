import { type EventParseResult, parseEvent } from './parse';
import type { FieldError } from './field-errors';

/** architecture.md 8: at most 500 events a request. */
export const MAX_EVENTS_PER_BATCH = 500;

/**
 * A batch is judged as a whole only for its shape (an array of 1 to `maxEvents` items); after that each event stands
 * or falls alone, so valid events are kept even when others in the same request are rejected.
 */
export type EventBatchParseResult = { ok: true; results: EventParseResult[] } | { ok: false; errors: FieldError[] };

export function parseEventBatch(input: unknown, maxEvents = MAX_EVENTS_PER_BATCH): EventBatchParseResult {
  if (!Array.isArray(input)) return { ok: false, errors: [{ path: '', message: 'expected an array of events' }] };
  if (input.length === 0) return { ok: false, errors: [{ path: '', message: 'must contain at least one event' }] };
  if (input.length > maxEvents) {
    return {
      ok: false,
      errors: [{ path: '', message: `must contain at most ${maxEvents} events (got ${input.length})` }],
    };
  }
  return { ok: true, results: input.map((item: unknown) => parseEvent(item)) };
}

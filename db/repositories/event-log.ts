import type { DbOrTransaction } from '../database';
import { type JsonValue, toJson } from '../tables/columns';
import type { IngestEventRow, NewIngestEvent } from '../tables/ingest-events';

export interface IngestEventRecord {
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  /** The envelope's `data`. */
  readonly payload: JsonValue;
  /** Optional fields dropped as unusable on acceptance. */
  readonly warnings?: readonly { readonly field: string; readonly reason: string }[] | null;
  readonly orderId?: string | null;
  readonly shipmentId?: string | null;
  readonly ticketId?: string | null;
  readonly customerId?: string | null;
  /** `api`, `cli`, `simulation`. */
  readonly source: string;
}

/**
 * Where an event id stands in the log: `new` (recorded by this call), `unapplied` (recorded by a request that did not
 * finish applying it — it died, or is still at it in another process), `applied` (its effects are done).
 */
export type IngestState = 'new' | 'unapplied' | 'applied';

/**
 * Records an accepted event once. A repeat of an id already applied is `applied` (whatever its content): the caller
 * must not act on it again. A repeat of an id recorded but never marked applied is `unapplied`: the caller applies it
 * (re-applying is harmless: the database writes are upserts and workflows ignore an event id they have seen).
 */
export async function recordIngestEvent(db: DbOrTransaction, event: IngestEventRecord): Promise<IngestState> {
  return (await recordIngestEvents(db, [event])).get(event.eventId) ?? 'applied';
}

/**
 * `recordIngestEvent` for many events (an API request's batch): one insert, and one read for the ids already there.
 * Ids must be distinct within the call.
 */
export async function recordIngestEvents(
  db: DbOrTransaction,
  events: readonly IngestEventRecord[],
): Promise<ReadonlyMap<string, IngestState>> {
  const states = new Map<string, IngestState>();
  if (events.length === 0) return states;
  const inserted = await db
    .insertInto('ingest_events')
    .values(events.map(rowOf))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  for (const row of inserted) states.set(row.event_id, 'new');
  const repeats = events.map((event) => event.eventId).filter((id) => !states.has(id));
  if (repeats.length === 0) return states;
  const known = await db
    .selectFrom('ingest_events')
    .select(['event_id', 'applied_at'])
    .where('event_id', 'in', repeats)
    .execute();
  for (const row of known) states.set(row.event_id, row.applied_at === null ? 'unapplied' : 'applied');
  // An id that vanished between the two statements was forgotten by a failing request: treat it as a repeat to retry.
  for (const id of repeats) if (!states.has(id)) states.set(id, 'unapplied');
  return states;
}

/** Marks events whose effects are done: their ids are now taken for good. */
export async function markEventsApplied(db: DbOrTransaction, eventIds: readonly string[], at: Date): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .updateTable('ingest_events')
    .set({ applied_at: at })
    .where('event_id', 'in', eventIds)
    .where('applied_at', 'is', null)
    .execute();
}

/**
 * Forgets ids that were recorded but not applied (refused, or their application threw), so the sender's retry is
 * processed rather than answered "duplicate". An event another process already applied is kept.
 */
export async function forgetEvents(db: DbOrTransaction, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await db.deleteFrom('ingest_events').where('event_id', 'in', eventIds).where('applied_at', 'is', null).execute();
}

/** Events recorded before `before` and still not applied: left by a request that died between recording and applying. */
export function listUnappliedEvents(db: DbOrTransaction, before: Date, limit: number): Promise<IngestEventRow[]> {
  return db
    .selectFrom('ingest_events')
    .selectAll()
    .where('applied_at', 'is', null)
    .where('received_at', '<', before)
    .orderBy('received_at')
    .limit(limit)
    .execute();
}

function rowOf(event: IngestEventRecord): NewIngestEvent {
  return {
    event_id: event.eventId,
    type: event.type,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    payload: toJson(event.payload),
    warnings: event.warnings ? toJson(event.warnings.map((w) => ({ field: w.field, reason: w.reason }))) : null,
    order_id: event.orderId ?? null,
    shipment_id: event.shipmentId ?? null,
    ticket_id: event.ticketId ?? null,
    customer_id: event.customerId ?? null,
    source: event.source,
  };
}

export function getIngestEvent(db: DbOrTransaction, eventId: string): Promise<IngestEventRow | undefined> {
  return db.selectFrom('ingest_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

/** An order's events in the order they happened. */
export function listOrderEvents(db: DbOrTransaction, orderId: string): Promise<IngestEventRow[]> {
  return db
    .selectFrom('ingest_events')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('occurred_at')
    .orderBy('received_at')
    .execute();
}

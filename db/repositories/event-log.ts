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
  readonly orderId?: string | null;
  readonly shipmentId?: string | null;
  readonly ticketId?: string | null;
  readonly customerId?: string | null;
  /** `api`, `cli`, `simulation`. */
  readonly source: string;
}

/**
 * Records an accepted event once. `isNew` is false for a repeat of an event id already recorded (whatever its
 * content): the caller must then not act on it again.
 */
export async function recordIngestEvent(
  db: DbOrTransaction,
  event: IngestEventRecord,
): Promise<{ readonly isNew: boolean }> {
  const inserted = await db
    .insertInto('ingest_events')
    .values(rowOf(event))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return { isNew: inserted !== undefined };
}

/**
 * `recordIngestEvent` for many events in one statement (an API request's batch): returns the ids that were new.
 * Ids must be distinct within the call.
 */
export async function recordIngestEvents(
  db: DbOrTransaction,
  events: readonly IngestEventRecord[],
): Promise<ReadonlySet<string>> {
  if (events.length === 0) return new Set();
  const inserted = await db
    .insertInto('ingest_events')
    .values(events.map(rowOf))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  return new Set(inserted.map((row) => row.event_id));
}

function rowOf(event: IngestEventRecord): NewIngestEvent {
  return {
    event_id: event.eventId,
    type: event.type,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    payload: toJson(event.payload),
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

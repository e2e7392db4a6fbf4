import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Json, Timestamp } from './columns';

/** Every accepted event envelope, once: the primary key on the event id is what makes ingest idempotent. */
export interface IngestEventsTable {
  event_id: string;
  type: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  /** The whole envelope's `data`. */
  payload: Json;
  order_id: string | null;
  shipment_id: string | null;
  ticket_id: string | null;
  customer_id: string | null;
  /** `api`, `cli`, `simulation`. */
  source: string;
  /** When the event's effects were done; null while a request applies it, or after one died before finishing. */
  applied_at: Timestamp | null;
  /** Optional fields dropped as unusable on acceptance: `[{ field, reason }]`. */
  warnings: Json | null;
}

export type IngestEventRow = Selectable<IngestEventsTable>;
export type NewIngestEvent = Insertable<IngestEventsTable>;
export type IngestEventUpdate = Updateable<IngestEventsTable>;

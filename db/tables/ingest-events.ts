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
}

export type IngestEventRow = Selectable<IngestEventsTable>;
export type NewIngestEvent = Insertable<IngestEventsTable>;
export type IngestEventUpdate = Updateable<IngestEventsTable>;

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Json, Timestamp } from './columns';

/** A provider's status, mapped by the channel adapter onto the outbox statuses a callback can report. */
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered';

/**
 * Provider status callbacks, deduplicated on (provider, provider message id, status): callbacks arrive late,
 * out of order and more than once, and each distinct one is kept once so it can be folded into the outbox row.
 */
export interface DeliveryEventsTable {
  id: Generated<number>;
  provider: string;
  provider_message_id: string;
  /** The outbox key, when the callback carried it (the status callback URL does). */
  notification_key: string | null;
  status: DeliveryStatus;
  error_code: string | null;
  payload: Json | null;
  received_at: Timestamp;
  recorded_at: DefaultedTimestamp;
}

export type DeliveryEventRow = Selectable<DeliveryEventsTable>;
export type NewDeliveryEvent = Insertable<DeliveryEventsTable>;
export type DeliveryEventUpdate = Updateable<DeliveryEventsTable>;

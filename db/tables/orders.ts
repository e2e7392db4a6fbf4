import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

/** An order's lifecycle is kept as the times things happened, not as one status, so late events cannot rewind it. */
export interface OrdersTable {
  id: string;
  customer_id: string;
  placed_at: Timestamp;
  promised_delivery_by: Timestamp | null;
  cancelled_at: Timestamp | null;
  return_requested_at: Timestamp | null;
  return_reason: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;

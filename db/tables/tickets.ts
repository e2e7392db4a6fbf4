import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';
export type TicketStatus = 'open' | 'resolved';
export type TicketResolution = 'refund' | 'reship' | 'repair' | 'coupon' | 'info' | 'other';

export interface TicketsTable {
  id: string;
  customer_id: string;
  order_id: string | null;
  priority: TicketPriority;
  /** Where the ticket came from (`web`, `phone`, `sms_menu`, …). */
  channel: string | null;
  subject: string;
  status: ColumnType<TicketStatus, TicketStatus | undefined, TicketStatus>;
  opened_at: Timestamp;
  first_response_at: Timestamp | null;
  resolved_at: Timestamp | null;
  resolution: TicketResolution | null;
  reship_shipment_id: string | null;
  reopened_at: Timestamp | null;
  reopen_count: ColumnType<number, number | undefined, number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type TicketRow = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;

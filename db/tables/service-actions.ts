import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

/**
 * What the service did besides speaking (`carrier.chase`, `ticket.open`, `ticket.reopen`), once per workflow key,
 * so staff can see it and a retried activity does not do it twice.
 */
export interface ServiceActionsTable {
  /** The workflow's idempotency key for the action (`<workflowId>/<action>/<n>`). */
  key: string;
  action: string;
  customer_id: string;
  order_id: string | null;
  shipment_id: string | null;
  ticket_id: string | null;
  /** Free text for staff (the carrier chased, the ticket opened). */
  detail: string | null;
  at: Timestamp;
  recorded_at: DefaultedTimestamp;
}

export type ServiceActionRow = Selectable<ServiceActionsTable>;
export type NewServiceAction = Insertable<ServiceActionsTable>;
export type ServiceActionUpdate = Updateable<ServiceActionsTable>;

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

export interface ShipmentsTable {
  id: string;
  order_id: string;
  carrier: string;
  tracking_number: string | null;
  promised_delivery_by: Timestamp | null;
  /** When `shipment.created` happened: the stall watchdog's first "last progress". */
  shipped_at: Timestamp;
  delivered_at: Timestamp | null;
  exception_reason: string | null;
  exception_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type ShipmentRow = Selectable<ShipmentsTable>;
export type NewShipment = Insertable<ShipmentsTable>;
export type ShipmentUpdate = Updateable<ShipmentsTable>;

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

/** Carrier scans. They go to the database, not to the workflow, which reads the last one when its watchdog fires. */
export interface ShipmentProgressTable {
  id: Generated<number>;
  shipment_id: string;
  /** The ingest event that carried the scan; unique, so a replayed event records nothing. */
  event_id: string | null;
  status: string;
  location: string | null;
  description: string | null;
  occurred_at: Timestamp;
  recorded_at: DefaultedTimestamp;
}

export type ShipmentProgressRow = Selectable<ShipmentProgressTable>;
export type NewShipmentProgress = Insertable<ShipmentProgressTable>;
export type ShipmentProgressUpdate = Updateable<ShipmentProgressTable>;

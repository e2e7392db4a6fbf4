import type { DbOrTransaction } from '../database';
import type { ShipmentProgressRow } from '../tables/shipment-progress';
import type { ShipmentRow } from '../tables/shipments';

export interface ShipmentCreation {
  readonly id: string;
  readonly orderId: string;
  readonly carrier: string;
  readonly trackingNumber: string | null;
  readonly promisedDeliveryBy: Date | null;
  /** When `shipment.created` happened. */
  readonly shippedAt: Date;
}

/** Records `shipment.created`; recording it again updates the carrier details. */
export function recordShipmentCreated(db: DbOrTransaction, shipment: ShipmentCreation): Promise<ShipmentRow> {
  return db
    .insertInto('shipments')
    .values({
      id: shipment.id,
      order_id: shipment.orderId,
      carrier: shipment.carrier,
      tracking_number: shipment.trackingNumber,
      promised_delivery_by: shipment.promisedDeliveryBy,
      shipped_at: shipment.shippedAt,
      created_at: shipment.shippedAt,
      updated_at: shipment.shippedAt,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        order_id: eb.ref('excluded.order_id'),
        carrier: eb.ref('excluded.carrier'),
        tracking_number: eb.ref('excluded.tracking_number'),
        promised_delivery_by: eb.ref('excluded.promised_delivery_by'),
        shipped_at: eb.ref('excluded.shipped_at'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function getShipment(db: DbOrTransaction, id: string): Promise<ShipmentRow | undefined> {
  return db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ProgressScan {
  readonly shipmentId: string;
  /** The ingest event carrying the scan; a second scan with the same event id is not recorded. */
  readonly eventId: string | null;
  readonly status: string;
  readonly location: string | null;
  readonly description: string | null;
  readonly occurredAt: Date;
}

/** Records a carrier scan. Returns false when the scan's event was already recorded. */
export async function recordShipmentProgress(db: DbOrTransaction, scan: ProgressScan): Promise<boolean> {
  const inserted = await db
    .insertInto('shipment_progress')
    .values({
      shipment_id: scan.shipmentId,
      event_id: scan.eventId,
      status: scan.status,
      location: scan.location,
      description: scan.description,
      occurred_at: scan.occurredAt,
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The newest scan by when it happened (not when it arrived): one probe of the (shipment, time) index. */
export function latestProgressQuery(db: DbOrTransaction, shipmentId: string) {
  return db
    .selectFrom('shipment_progress')
    .selectAll()
    .where('shipment_id', '=', shipmentId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
}

export function latestProgress(db: DbOrTransaction, shipmentId: string): Promise<ShipmentProgressRow | undefined> {
  return latestProgressQuery(db, shipmentId).executeTakeFirst();
}

/**
 * When the shipment last made progress: its newest scan, or its creation when no scan is newer (the stall
 * watchdog's rule). Null for an unknown shipment with no scans.
 */
export async function lastProgressAt(db: DbOrTransaction, shipmentId: string): Promise<Date | null> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('shipment_progress')
        .select('occurred_at')
        .where('shipment_id', '=', shipmentId)
        .orderBy('occurred_at', 'desc')
        .limit(1)
        .as('last_scan_at'),
      eb.selectFrom('shipments').select('shipped_at').where('id', '=', shipmentId).as('shipped_at'),
    ])
    .executeTakeFirstOrThrow();
  const times = [row.last_scan_at, row.shipped_at].filter((t): t is Date => t instanceof Date);
  return times.length === 0 ? null : new Date(Math.max(...times.map((t) => t.getTime())));
}

/** Records `shipment.delivered` (the first time counts). False when unknown or already delivered. */
export async function markShipmentDelivered(db: DbOrTransaction, shipmentId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('shipments')
    .set({ delivered_at: at, updated_at: at })
    .where('id', '=', shipmentId)
    .where('delivered_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records `shipment.exception`; the latest exception is kept. False when the shipment is unknown. */
export async function markShipmentException(
  db: DbOrTransaction,
  exception: { readonly shipmentId: string; readonly reason: string; readonly at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('shipments')
    .set({ exception_reason: exception.reason, exception_at: exception.at, updated_at: exception.at })
    .where('id', '=', exception.shipmentId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

import type { DbOrTransaction } from '../database';
import type { ServiceActionRow } from '../tables/service-actions';

export interface ServiceActionInput {
  readonly key: string;
  readonly action: string;
  readonly customerId: string;
  readonly orderId: string | null;
  readonly shipmentId: string | null;
  readonly ticketId: string | null;
  readonly detail: string | null;
  readonly at: Date;
}

/** Records an action once per key; `isNew` is false when a retry records it again. */
export async function recordServiceAction(
  db: DbOrTransaction,
  input: ServiceActionInput,
): Promise<{ readonly isNew: boolean }> {
  const inserted = await db
    .insertInto('service_actions')
    .values({
      key: input.key,
      action: input.action,
      customer_id: input.customerId,
      order_id: input.orderId,
      shipment_id: input.shipmentId,
      ticket_id: input.ticketId,
      detail: input.detail,
      at: input.at,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return { isNew: inserted !== undefined };
}

/** What the service did about an order, in the order it happened. */
export function listOrderActions(db: DbOrTransaction, orderId: string): Promise<ServiceActionRow[]> {
  return db.selectFrom('service_actions').selectAll().where('order_id', '=', orderId).orderBy('at').execute();
}

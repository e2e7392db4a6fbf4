import type { DbOrTransaction } from '../database';
import type { OrderItemRow } from '../tables/order-items';
import type { OrderRow } from '../tables/orders';
import { inTransaction } from './in-transaction';

export interface OrderItemInput {
  readonly sku: string;
  readonly name: string;
  readonly category: string | null;
  readonly quantity: number;
}

export interface OrderPlacement {
  readonly id: string;
  readonly customerId: string;
  readonly items: readonly OrderItemInput[];
  readonly promisedDeliveryBy: Date | null;
  readonly placedAt: Date;
}

export interface OrderWithItems {
  readonly order: OrderRow;
  readonly items: readonly OrderItemRow[];
}

/** Records `order.placed`: the order and its items, replacing both if the order was recorded before. */
export function recordOrderPlaced(db: DbOrTransaction, placement: OrderPlacement): Promise<OrderWithItems> {
  return inTransaction(db, async (trx) => {
    const order = await trx
      .insertInto('orders')
      .values({
        id: placement.id,
        customer_id: placement.customerId,
        placed_at: placement.placedAt,
        promised_delivery_by: placement.promisedDeliveryBy,
        created_at: placement.placedAt,
        updated_at: placement.placedAt,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          customer_id: eb.ref('excluded.customer_id'),
          placed_at: eb.ref('excluded.placed_at'),
          promised_delivery_by: eb.ref('excluded.promised_delivery_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('order_items').where('order_id', '=', placement.id).execute();
    const items =
      placement.items.length === 0
        ? []
        : await trx
            .insertInto('order_items')
            .values(
              placement.items.map((item, index) => ({
                order_id: placement.id,
                line_no: index + 1,
                sku: item.sku,
                name: item.name,
                category: item.category,
                quantity: item.quantity,
              })),
            )
            .returningAll()
            .execute();
    return { order, items };
  });
}

export async function getOrder(db: DbOrTransaction, id: string): Promise<OrderWithItems | undefined> {
  const order = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!order) return undefined;
  const items = await db.selectFrom('order_items').selectAll().where('order_id', '=', id).orderBy('line_no').execute();
  return { order, items };
}

/** Records `order.cancelled` (the first time counts). False when the order is unknown or already cancelled. */
export async function markOrderCancelled(db: DbOrTransaction, orderId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({ cancelled_at: at, updated_at: at })
    .where('id', '=', orderId)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records `return.requested` (the first time counts). False when the order is unknown or a return was requested. */
export async function markReturnRequested(
  db: DbOrTransaction,
  request: { readonly orderId: string; readonly reason: string | null; readonly at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({ return_requested_at: request.at, return_reason: request.reason, updated_at: request.at })
    .where('id', '=', request.orderId)
    .where('return_requested_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

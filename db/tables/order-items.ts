import type { Insertable, Selectable, Updateable } from 'kysely';

export interface OrderItemsTable {
  order_id: string;
  /** 1-based position in the order. */
  line_no: number;
  sku: string;
  name: string;
  /** Chooses the usage-guide variant (`small_appliance`, `apparel`, …). */
  category: string | null;
  quantity: number;
}

export type OrderItemRow = Selectable<OrderItemsTable>;
export type NewOrderItem = Insertable<OrderItemsTable>;
export type OrderItemUpdate = Updateable<OrderItemsTable>;

import { z } from 'zod';
import { idField, textField, timestampField } from './fields';

const orderItem = z.strictObject({
  sku: idField(),
  name: textField(200),
  /** Picks the usage-guide variant (`small_appliance`, `apparel`, …). */
  category: textField(64),
  quantity: z.number().int().positive(),
});

export const orderPlacedData = z.strictObject({
  orderId: idField(),
  customerId: idField(),
  items: z.array(orderItem).min(1).max(500),
  promisedDeliveryBy: timestampField.optional(),
});

export const orderCancelledData = z.strictObject({ orderId: idField() });

export const returnRequestedData = z.strictObject({
  orderId: idField(),
  reason: textField(1000, 'multi').optional(),
});

export type OrderItem = z.output<typeof orderItem>;
export type OrderPlacedData = z.output<typeof orderPlacedData>;
export type OrderCancelledData = z.output<typeof orderCancelledData>;
export type ReturnRequestedData = z.output<typeof returnRequestedData>;

import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database';
import { type CustomerUpsert, upsertCustomer } from '../../../db/repositories/customers';
import { recordOrderPlaced } from '../../../db/repositories/orders';
import { recordShipmentCreated, recordShipmentProgress } from '../../../db/repositories/shipments';
import type { CustomerRow } from '../../../db/tables/customers';
import { at } from '../../db/helpers/times';

export const PHONE = '+14155550123';
export const EMAIL = 'wang.fang@customer.example';

/** A zh-CN customer in Shanghai who prefers SMS and has both contacts; tests override what they are about. */
export function seedCustomer(db: Kysely<Database>, overrides: Partial<CustomerUpsert> = {}): Promise<CustomerRow> {
  return upsertCustomer(db, {
    id: 'c-1',
    name: '王芳',
    phone: PHONE,
    email: EMAIL,
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    preferredChannel: 'sms',
    at: at(-7 * 24 * 60),
    ...overrides,
  });
}

export interface ShippedOrder {
  readonly orderId: string;
  readonly shipmentId: string;
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly lastLocation: string;
  readonly promisedDeliveryBy: Date;
}

/** Order o-1001 for `customerId`, shipped with SF Express, last scanned in Hangzhou two days before T0. */
export async function seedShippedOrder(db: Kysely<Database>, customerId = 'c-1'): Promise<ShippedOrder> {
  const order: ShippedOrder = {
    orderId: 'o-1001',
    shipmentId: 's-1001',
    carrier: '顺丰',
    trackingNumber: 'SF1234567890123',
    lastLocation: '杭州转运中心',
    // 2026-03-01 18:00 in Shanghai, a day before T0.
    promisedDeliveryBy: new Date('2026-03-01T10:00:00Z'),
  };
  await recordOrderPlaced(db, {
    id: order.orderId,
    customerId,
    items: [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }],
    promisedDeliveryBy: order.promisedDeliveryBy,
    placedAt: at(-5 * 24 * 60),
  });
  await recordShipmentCreated(db, {
    id: order.shipmentId,
    orderId: order.orderId,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    promisedDeliveryBy: order.promisedDeliveryBy,
    shippedAt: at(-4 * 24 * 60),
  });
  await recordShipmentProgress(db, {
    shipmentId: order.shipmentId,
    eventId: 'ev-scan-1',
    status: 'in_transit',
    location: order.lastLocation,
    description: '快件已到达',
    occurredAt: at(-2 * 24 * 60),
  });
  return order;
}

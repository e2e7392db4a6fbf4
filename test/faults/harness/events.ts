import { randomBytes } from 'node:crypto';

/** Event envelopes for fault tests: fresh ids, occurring now (wall time, which is what the API checks against). */
export function envelope(type: string, data: Record<string, unknown>, id = newId()): Record<string, unknown> {
  return { id, type, occurredAt: new Date().toISOString(), data };
}

export function newId(prefix = 'ev'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

/** A valid mainland-China mobile number, distinct per `n` (< 10^8). */
export function phoneNumber(n: number): string {
  return `+86138${String(n).padStart(8, '0')}`;
}

/**
 * The IANA zone (a fixed `Etc/GMT±N` one) whose local hour is `hour` at `at`, so a test sends inside the recipient's
 * window whenever it runs. Etc/GMT signs are inverted: UTC+3 is `Etc/GMT-3`.
 */
export function zoneAtLocalHour(hour: number, at = new Date()): string {
  let offset = hour - at.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

export interface CustomerSpec {
  readonly customerId: string;
  readonly phone?: string;
  readonly email?: string;
  readonly timezone: string;
  readonly preferredChannel?: 'sms' | 'email';
}

export function customerUpserted(spec: CustomerSpec): Record<string, unknown> {
  return envelope('customer.upserted', {
    customerId: spec.customerId,
    name: 'Faults Test',
    ...(spec.phone ? { phone: spec.phone } : {}),
    ...(spec.email ? { email: spec.email } : {}),
    locale: 'en',
    timezone: spec.timezone,
    preferredChannel: spec.preferredChannel ?? 'sms',
    consents: { marketing: true },
  });
}

export function orderPlaced(orderId: string, customerId: string): Record<string, unknown> {
  return envelope('order.placed', {
    orderId,
    customerId,
    items: [{ sku: 'FAN-01', name: 'Desk fan', category: 'small_appliance', quantity: 1 }],
  });
}

export function shipmentCreated(orderId: string, shipmentId: string): Record<string, unknown> {
  return envelope('shipment.created', {
    orderId,
    shipmentId,
    carrier: 'sf-express',
    trackingNumber: `TN${shipmentId}`,
  });
}

export function shipmentException(orderId: string, shipmentId: string): Record<string, unknown> {
  return envelope('shipment.exception', { orderId, shipmentId, reason: 'damaged' });
}

export function ticketOpened(ticketId: string, customerId: string, orderId?: string): Record<string, unknown> {
  return envelope('ticket.opened', {
    ticketId,
    customerId,
    ...(orderId ? { orderId } : {}),
    priority: 'normal',
    channel: 'chat',
    subject: 'Where is my parcel?',
  });
}

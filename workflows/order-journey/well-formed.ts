import type { OrderEvent } from './contract';

/** The fields each event type must carry for the journey to act on it (the API validated them; this is the fence). */
const REQUIRED: Readonly<Record<OrderEvent['type'], readonly string[]>> = {
  'order.placed': ['orderId', 'customerId'],
  'order.cancelled': ['orderId'],
  'return.requested': ['orderId'],
  'shipment.created': ['orderId', 'shipmentId', 'carrier'],
  'shipment.exception': ['orderId', 'shipmentId', 'reason'],
  'shipment.delivered': ['orderId', 'shipmentId'],
};

/**
 * A signal is input from outside the workflow: an unknown type or a malformed payload (say, from an old client) is
 * recorded and ignored rather than allowed to fail the workflow task over and over.
 */
export function problemWith(event: unknown): string | undefined {
  if (event === null || typeof event !== 'object') return 'not an event object';
  const { id, type, occurredAt, data } = event as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') return 'no event id';
  if (typeof type !== 'string' || !(type in REQUIRED)) return `unknown event type ${String(type)}`;
  if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) return 'no valid occurredAt';
  if (data === null || typeof data !== 'object') return 'no data';
  const missing = REQUIRED[type as OrderEvent['type']].filter(
    (f) => typeof (data as Record<string, unknown>)[f] !== 'string',
  );
  if (missing.length > 0) return `data lacks ${missing.join(', ')}`;
  if (type === 'order.placed' && !Array.isArray((data as { items?: unknown }).items)) return 'data lacks items';
  return undefined;
}

import type { DbOrTransaction } from '../../db/database';
import { getOrder } from '../../db/repositories/orders';
import { getShipment, latestProgress } from '../../db/repositories/shipments';
import { getTicket } from '../../db/repositories/tickets';
import type { CustomerRow } from '../../db/tables/customers';
import type { MessageContext, MessageFacts } from '../../domain/activity-contract';

/**
 * The values copy may mention, loaded from the database by id: workflows pass ids, so names, tracking numbers and
 * subjects never enter a workflow history. Missing facts become an empty string rather than failing a send.
 */
export async function loadVariables(
  db: DbOrTransaction,
  customer: Pick<CustomerRow, 'name' | 'timezone'>,
  context: MessageContext,
  facts: MessageFacts | undefined,
  locale: string,
  shopName: string,
  supportContact: string,
): Promise<Record<string, string>> {
  const [order, shipment, progress, ticket] = await Promise.all([
    context.orderId ? getOrder(db, context.orderId) : undefined,
    context.shipmentId ? getShipment(db, context.shipmentId) : undefined,
    context.shipmentId ? latestProgress(db, context.shipmentId) : undefined,
    context.ticketId ? getTicket(db, context.ticketId) : undefined,
  ]);
  const promised = facts?.promisedDeliveryBy ?? order?.order.promised_delivery_by?.toISOString();
  return {
    shopName,
    supportContact,
    customerName: customer.name ?? '',
    orderId: context.orderId ?? '',
    productName: order?.items[0]?.name ?? '',
    carrier: shipment?.carrier ?? '',
    trackingNumber: shipment?.tracking_number ?? '',
    lastLocation: progress?.location ?? progress?.status ?? '',
    ticketId: context.ticketId ?? '',
    subject: ticket?.subject ?? '',
    expectedResponse: facts?.expectedResponseMs ? humanDuration(facts.expectedResponseMs, locale) : '',
    promisedDate: promised ? localDate(promised, customer.timezone, locale) : '',
  };
}

/** 3600000 → `1小时` / `1 hour`. */
export function humanDuration(ms: number, locale: string): string {
  const minutes = Math.round(ms / 60_000);
  const zh = locale.startsWith('zh');
  if (minutes % 60 !== 0) return zh ? `${minutes}分钟` : `${minutes} minutes`;
  const hours = minutes / 60;
  if (zh) return `${hours}小时`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function localDate(iso: string, zone: string | null, locale: string): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', timeZone: zone ?? undefined };
  try {
    return new Intl.DateTimeFormat(locale, options).format(date);
  } catch {
    return new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric' }).format(date);
  }
}

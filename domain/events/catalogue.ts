import { customerUpsertedData } from './customer';
import { orderCancelledData, orderPlacedData, returnRequestedData } from './order';
import { shipmentCreatedData, shipmentDeliveredData, shipmentExceptionData, shipmentScanData } from './shipment';
import { smsInboundData } from './sms';
import { ticketAgentRepliedData, ticketOpenedData, ticketReopenedData, ticketResolvedData } from './ticket';

/** Every event type the API and the CLI accept (architecture.md 6.1), with the schema of its `data`. */
export const EVENT_DATA = {
  'customer.upserted': customerUpsertedData,
  'order.placed': orderPlacedData,
  'order.cancelled': orderCancelledData,
  'shipment.created': shipmentCreatedData,
  'shipment.scan': shipmentScanData,
  'shipment.exception': shipmentExceptionData,
  'shipment.delivered': shipmentDeliveredData,
  'return.requested': returnRequestedData,
  'ticket.opened': ticketOpenedData,
  'ticket.agent_replied': ticketAgentRepliedData,
  'ticket.resolved': ticketResolvedData,
  'ticket.reopened': ticketReopenedData,
} as const;

/** Simulation traces accept all of the above plus the customer's SMS reply. */
export const TRACE_EVENT_DATA = { ...EVENT_DATA, 'sms.inbound': smsInboundData } as const;

export type EventType = keyof typeof EVENT_DATA;
export type TraceEventType = keyof typeof TRACE_EVENT_DATA;

export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export const TRACE_EVENT_TYPES = Object.keys(TRACE_EVENT_DATA) as TraceEventType[];

import type { TraceEvent } from './trace';

/** The business entities an event is about; each id present is one the event's `data` names. */
export interface EventEntityIds {
  readonly orderId?: string;
  readonly ticketId?: string;
  readonly customerId?: string;
}

/**
 * Which order, ticket and customer an event concerns, for routing it to `order:<orderId>` / `ticket:<ticketId>` and
 * for indexing the event log. An `sms.inbound` names none: replies are routed by the sender's phone number. Written
 * as a switch so that a new event type fails to compile until someone decides what it concerns.
 */
export function eventEntityIds(event: TraceEvent): EventEntityIds {
  switch (event.type) {
    case 'customer.upserted':
      return { customerId: event.data.customerId };
    case 'order.placed':
      return { orderId: event.data.orderId, customerId: event.data.customerId };
    case 'order.cancelled':
    case 'return.requested':
    case 'shipment.created':
    case 'shipment.scan':
    case 'shipment.exception':
    case 'shipment.delivered':
      return { orderId: event.data.orderId };
    case 'ticket.opened': {
      const { ticketId, customerId, orderId } = event.data;
      return orderId === undefined ? { ticketId, customerId } : { ticketId, customerId, orderId };
    }
    case 'ticket.agent_replied':
    case 'ticket.resolved':
    case 'ticket.reopened':
      return { ticketId: event.data.ticketId };
    case 'sms.inbound':
      return {};
  }
}

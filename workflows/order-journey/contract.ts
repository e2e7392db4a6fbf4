import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';

/** The order journey's contract: imported by the workflow, the worker, the API and the CLI alike. */

export const orderWorkflowId = (orderId: string): string => `order:${orderId}`;

/** The events that can change an order journey's decisions (progress scans go to the database, not here). */
export type OrderEvent =
  | Envelope<'order.placed', { orderId: string; customerId: string; items: OrderItem[]; promisedDeliveryBy?: string }>
  | Envelope<'order.cancelled', { orderId: string }>
  | Envelope<
      'shipment.created',
      { orderId: string; shipmentId: string; carrier: string; trackingNumber: string; promisedDeliveryBy?: string }
    >
  | Envelope<'shipment.exception', { orderId: string; shipmentId: string; reason: ExceptionReason }>
  | Envelope<'shipment.delivered', { orderId: string; shipmentId: string }>
  | Envelope<'return.requested', { orderId: string; reason?: string }>;

export interface Envelope<T extends string, D> {
  readonly id: string;
  readonly type: T;
  readonly occurredAt: string;
  readonly data: D;
  /**
   * Epoch ms the API received the event: with the policy's `staleAfterMs` it tells a stale event (architecture.md
   * 6.3). Absent in signals recorded before the API sent it; those are never stale, so old histories replay alike.
   */
  readonly receivedAt?: number;
}

export interface OrderItem {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly quantity: number;
}

export type ExceptionReason = 'lost' | 'damaged' | 'returned_to_sender' | 'address_issue' | 'customs' | 'other';

/**
 * A customer's answer to one of this workflow's prompts. The API parses the text against the prompt's menu before
 * signalling, so the body (free text, possibly personal) never enters the history: `choice` is null when the reply
 * was not a recognisable option.
 */
export interface CustomerReply {
  readonly inboundId: string;
  readonly promptKey: string;
  readonly choice: number | null;
  readonly receivedAt: number;
}

export type TicketResolution = 'refund' | 'reship' | 'repair' | 'coupon' | 'info' | 'other';

export interface TicketOutcome {
  readonly ticketId: string;
  readonly resolution: TicketResolution;
  readonly reshipShipmentId?: string;
}

export const orderEventSignal = defineSignal<[OrderEvent]>('orderEvent');
export const customerReplySignal = defineSignal<[CustomerReply]>('customerReply');
/** From a support ticket about this order: it opened (so stall notices pause) or it was resolved. */
export const ticketOpenedSignal = defineSignal<[{ ticketId: string }]>('ticketOpened');
export const ticketResolvedSignal = defineSignal<[TicketOutcome]>('ticketResolved');

export interface OrderJourneyInput {
  readonly orderId: string;
  readonly customerId: string;
  /** Taken from temporal.yaml at start, so a config change never alters a running journey's decisions. */
  readonly policy: Policy;
  readonly cohort?: string;
  /** Present only when the journey continued as new. */
  readonly carryOver?: unknown;
  /** Continue as new past this many history events (default 4,000); tests lower it. */
  readonly historyLimit?: number;
}

export type JourneyStage =
  | 'placed'
  | 'shipped'
  | 'stalled'
  | 'awaiting_reply'
  | 'ticket_open'
  | 'delivered'
  | 'guide_scheduled'
  | 'completed'
  | 'cancelled'
  | 'returned'
  | 'refunded';

export interface ShipmentView {
  readonly shipmentId: string;
  readonly carrier: string;
  readonly phase: string;
  readonly lastProgressAt: string;
  readonly stallNotices: number;
  readonly deliveredAt?: string;
}

/** What `notify order show` and the Temporal UI's query tab display. */
export interface OrderJourneyState {
  readonly orderId: string;
  readonly customerId: string;
  readonly stage: JourneyStage;
  readonly shipments: readonly ShipmentView[];
  readonly openTicketId?: string;
  readonly openPrompt?: { readonly purpose: string; readonly expiresAt: string };
  readonly scheduled: readonly { readonly what: string; readonly at: string }[];
  readonly sent: readonly string[];
  readonly actions: readonly string[];
  readonly ignored: readonly string[];
}

export const stateQuery = defineQuery<OrderJourneyState>('state');

import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Policy, TicketPriority } from '../../domain/policy';
import type { CustomerReply, Envelope, TicketResolution } from '../order-journey/contract';

/** The support ticket's contract: imported by the workflow, the order journey, the worker, the API and the CLI. */

export const ticketWorkflowId = (ticketId: string): string => `ticket:${ticketId}`;

export type TicketEvent =
  | Envelope<
      'ticket.opened',
      { ticketId: string; customerId: string; orderId?: string; priority: TicketPriority; channel: string }
    >
  | Envelope<'ticket.agent_replied', { ticketId: string; agentId: string }>
  | Envelope<'ticket.resolved', { ticketId: string; resolution: TicketResolution; reshipShipmentId?: string }>
  | Envelope<'ticket.reopened', { ticketId: string }>;

export interface SupportTicketInput {
  readonly ticketId: string;
  readonly customerId: string;
  readonly orderId?: string;
  readonly priority: TicketPriority;
  /** Why it was opened, e.g. `shipment_stalled` for tickets opened from the stall menu. */
  readonly reason?: string;
  /** `menu`: opened by an order journey, whose `reply.ack` already told the customer; no `ticket.ack` then. */
  readonly openedFrom: 'event' | 'menu';
  /** Epoch ms the ticket was opened: the first-response SLA counts from here. */
  readonly openedAt: number;
  /** Epoch ms the API received the `ticket.opened` that started it (absent in older runs and menu tickets). */
  readonly receivedAt?: number;
  /** The order journey to tell about resolution, if the ticket concerns an order. */
  readonly orderWorkflowId?: string;
  readonly policy: Policy;
  readonly carryOver?: unknown;
}

export const ticketEventSignal = defineSignal<[TicketEvent]>('ticketEvent');
export const ticketReplySignal = defineSignal<[CustomerReply]>('customerReply');
/** From the order journey: the reshipped parcel arrived, so the check-in can be planned. */
export const reshipDeliveredSignal = defineSignal<[{ shipmentId: string; deliveredAt: number }]>('reshipDelivered');

export type SlaState = 'running' | 'warned' | 'met' | 'breached';

export type TicketStage = 'open' | 'resolved' | 'awaiting_reship' | 'checkin_scheduled' | 'awaiting_score' | 'closed';

export interface SupportTicketState {
  readonly ticketId: string;
  readonly customerId: string;
  readonly orderId?: string;
  readonly priority: TicketPriority;
  readonly stage: TicketStage;
  readonly sla: { readonly state: SlaState; readonly deadline: string; readonly firstResponseAt?: string };
  readonly resolution?: TicketResolution;
  readonly checkInAt?: string;
  readonly score?: number;
  readonly reopened: number;
  readonly sent: readonly string[];
}

export const ticketStateQuery = defineQuery<SupportTicketState>('state');

import type { CustomerPurpose, MessageClass, StaffAlertPurpose, TicketPriority } from './policy';

/**
 * The activity contract workflows program against (they `import type` it; the lint wall forbids more). Inputs carry
 * ids and facts, never contact details or bodies: PII stays in the database, out of workflow histories.
 */

/** What a message is about; the notify activity loads names, addresses and tracking numbers from these ids. */
export interface MessageContext {
  readonly orderId?: string;
  readonly shipmentId?: string;
  readonly ticketId?: string;
  readonly campaignId?: string;
}

/** Non-PII facts a workflow knows and copy may mention; the activity formats them in the customer's language. */
export interface MessageFacts {
  readonly expectedResponseMs?: number;
  readonly promisedDeliveryBy?: string;
}

export interface NotifyInput {
  /** `<workflowId>/<purpose>/<n>`: never the run id, so retries, replays and continue-as-new send once. */
  readonly key: string;
  readonly workflowId: string;
  readonly purpose: CustomerPurpose;
  readonly customerId: string;
  readonly variant?: string;
  readonly context: MessageContext;
  readonly facts?: MessageFacts;
  /** When set, the message is a prompt: replies within this long are routed back to `workflowId`. */
  readonly replyWindowMs?: number;
  /** Overrides the purpose's class (campaigns may be service rather than marketing). */
  readonly messageClass?: MessageClass;
  /** Only this channel (a redelivery by email after the SMS failed); refused with a reason when it is unusable. */
  readonly channel?: 'sms' | 'email';
}

export type RefusalReason =
  | 'opted_out'
  | 'no_consent'
  | 'frequency_capped'
  | 'no_contact'
  | 'unknown_customer'
  // The provider refused this phone or mailbox for good earlier (invalid, unreachable, hard bounce).
  | 'phone_invalid'
  | 'email_invalid'
  // A claim an earlier attempt left, not found at the provider when the window had closed: withdrawn, sent later
  // under a new key (the workflow was told `deferred`).
  | 'window_closed';

export type NotifyResult =
  | {
      readonly status: 'sent';
      readonly channel: 'sms' | 'email';
      readonly notificationKey: string;
      /** The send of an earlier, unconfirmed attempt was found at the provider instead of being sent again. */
      readonly reconciled?: true;
      /** An email an earlier attempt may have handed to the relay: recorded as sent and counted, never resent. */
      readonly outcomeUnknown?: true;
      /** Extra copies the provider holds for this key (duplicates that slipped through before reconciliation). */
      readonly duplicates?: number;
    }
  | { readonly status: 'refused'; readonly reason: RefusalReason; readonly notificationKey: string }
  /**
   * Outside the recipient's send window at the moment of sending (a timer that fired late): nothing was claimed under
   * the key. The workflow puts the message back on its agenda for `until`, and re-checks its relevance then.
   */
  | {
      readonly status: 'deferred';
      /** The window's next opening (epoch ms). */
      readonly until: number;
      /** `until` in the recipient's zone, ISO-8601. */
      readonly localTime: string;
      readonly notificationKey: string;
    };

export interface PlanSendInput {
  readonly customerId: string;
  readonly purpose: CustomerPurpose;
  /** The earliest instant (epoch ms) the message may go; usually now. */
  readonly notBefore: number;
  /** "N days after `anchor` at HH:MM local" (usage guide, check-in). */
  readonly delay?: { readonly anchor: number; readonly days: number; readonly atLocal: string };
}

export interface PlanSendResult {
  readonly sendAt: number;
  /** ISO-8601 in the customer's zone, for timer summaries people can read. */
  readonly localTime: string;
  readonly zone: string;
}

export interface StaffAlertInput {
  readonly key: string;
  readonly purpose: StaffAlertPurpose;
  readonly ticketId: string;
  readonly customerId: string;
  readonly orderId?: string;
  readonly priority: TicketPriority;
  readonly deadline?: number;
  readonly score?: number;
}

export type ServiceAction = 'carrier.chase' | 'ticket.open' | 'ticket.reopen';

export interface RecordActionInput {
  readonly key: string;
  readonly action: ServiceAction;
  readonly customerId: string;
  readonly orderId?: string;
  readonly shipmentId?: string;
  readonly ticketId?: string;
  readonly detail?: string;
}

export interface ShipmentProgress {
  /** The latest carrier scan time (epoch ms), or null when the carrier has reported nothing yet. */
  readonly lastProgressAt: number | null;
}

export interface TicketRecord {
  readonly ticketId: string;
  readonly customerId: string;
  readonly orderId?: string;
  readonly priority: TicketPriority;
  readonly reason?: string;
  /** Resolution is recorded by the API from the helpdesk's event; workflows record opening and reopening. */
  readonly status: 'open' | 'reopened';
}

export interface SurveyInput {
  readonly key: string;
  readonly ticketId: string;
  readonly customerId: string;
  readonly orderId?: string;
  readonly score: number;
  /** The inbound message that carried the score (`CustomerReply.inboundId`): tells an SMS from an email link. */
  readonly inboundId?: string;
}

/** The activities workflows call; `createActivities(deps)` returns an object of exactly this shape. */
export interface NotifyActivities {
  notify(input: NotifyInput): Promise<NotifyResult>;
  planSend(input: PlanSendInput): Promise<PlanSendResult>;
  alertStaff(input: StaffAlertInput): Promise<void>;
  recordAction(input: RecordActionInput): Promise<void>;
  shipmentProgress(shipmentId: string): Promise<ShipmentProgress>;
  recordTicket(ticket: TicketRecord): Promise<void>;
  recordSurveyResponse(input: SurveyInput): Promise<void>;
}

export interface SettleInput {
  /** The key of a send whose activity gave up (retries exhausted or timed out). */
  readonly key: string;
}

export interface SettleResult {
  /** The row's status once settled: never `claimed` (`missing` when no attempt ever claimed the key). */
  readonly status: 'sent' | 'queued' | 'delivered' | 'failed' | 'undelivered' | 'suppressed' | 'missing';
  /** The message was found at the provider (or, for email, may have gone): recorded rather than failed. */
  readonly reconciled?: true;
  readonly channel?: 'sms' | 'email';
}

/** A status callback reported an SMS failed after Twilio accepted it (see domain/after-acceptance.ts). */
export interface RedeliveryInput {
  /** The failed message's notification key. */
  readonly key: string;
  /** Twilio's error code (`30003`, …). */
  readonly errorCode: string;
}

export type RedeliveryPlan =
  | { readonly action: 'record_only'; readonly reason: string }
  | {
      readonly action: 'email' | 'sms_later';
      /** How long to wait before sending (0 for email). */
      readonly afterMs: number;
      /** The send, with ids only, under the derived key `<key>/redeliver/1`. */
      readonly notify: NotifyInput;
    };

/** Activities of the delivery path beyond the first send: settling a send that gave up, redelivering one that failed. */
export interface DeliveryActivities {
  settleNotification(input: SettleInput): Promise<SettleResult>;
  planRedelivery(input: RedeliveryInput): Promise<RedeliveryPlan>;
}

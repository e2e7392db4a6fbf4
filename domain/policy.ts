/**
 * The business policy a workflow runs under (architecture.md 6.3). A snapshot of it is passed to each workflow at
 * start, so editing temporal.yaml never changes the decisions of a workflow already running. All durations are in
 * milliseconds; local times are `HH:MM` in the recipient's zone.
 */
export type MessageClass = 'transactional' | 'service' | 'marketing';

export type CustomerPurpose =
  | 'shipment.stalled'
  | 'shipment.exception'
  | 'shipment.late'
  | 'reply.ack'
  | 'reply.clarify'
  | 'usage.guide'
  | 'ticket.ack'
  | 'ticket.sla_holding'
  | 'ticket.checkin'
  | 'optout.confirm'
  | 'help.info'
  | 'campaign';

export type StaffAlertPurpose = 'sla.warning' | 'sla.breach' | 'csat.low';

export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low';

export interface LocalWindow {
  /** `HH:MM`, recipient-local; a window whose end is before its start crosses midnight. */
  readonly start: string;
  readonly end: string;
}

export interface FrequencyCap {
  readonly max: number;
  readonly perMs: number;
}

export interface Policy {
  readonly stall: {
    readonly thresholdMs: number;
    /** Carrier code → threshold, for carriers whose scans are naturally sparse. */
    readonly carrierThresholdMs: Readonly<Record<string, number>>;
    readonly replyWindowMs: number;
    readonly followUpAfterMs: number;
    readonly maxNoticesPerShipment: number;
  };
  readonly lateDelivery: { readonly apologise: boolean };
  readonly usageGuide: {
    readonly afterDays: number;
    readonly atLocal: string;
    readonly skipIfReturnRequested: boolean;
    readonly skipIfTicketOpen: boolean;
  };
  readonly firstResponse: {
    readonly slaMs: Readonly<Record<TicketPriority, number>>;
    /** Share of the SLA after which staff are warned, e.g. 0.75. */
    readonly warnAt: number;
    readonly holdingMessageAtBreach: boolean;
  };
  readonly checkIn: {
    readonly afterResolutionDays: number;
    readonly afterReshipDeliveryDays: number;
    readonly atLocal: string;
    readonly replyWindowMs: number;
    /** Scores at or below this alert staff and reopen the ticket. */
    readonly lowScoreAtMost: number;
  };
  readonly windows: Readonly<Record<MessageClass, LocalWindow>>;
  /** Direct answers to the customer's own action go out at once, whatever the hour. */
  readonly windowExempt: readonly CustomerPurpose[];
  readonly classes: Readonly<Record<CustomerPurpose, MessageClass>>;
  readonly frequencyCaps: Readonly<Partial<Record<MessageClass, FrequencyCap>>>;
  readonly localeFallback: readonly string[];
  readonly defaultTimezone: string;
  /**
   * An event received more than this after its `occurredAt` is stale: it updates state but messages nobody by itself.
   * Optional because snapshots in workflows started before it existed lack it (`staleAfterMs()` gives the default).
   */
  readonly staleAfterMs?: number;
  /** Events dated further than this in the future are refused by the API. Optional as `staleAfterMs`. */
  readonly clockSkewToleranceMs?: number;
}

export const DEFAULT_STALE_AFTER_MS = 24 * 3_600_000;
export const DEFAULT_CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;

/** The policy's stale threshold, defaulted for snapshots taken before it existed. */
export function staleAfterMs(policy: Policy): number {
  return policy.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
}

/**
 * Was an event stale when it arrived (architecture.md 6.3)? False when its arrival time is unknown: signals recorded
 * in histories before the API sent it, which must replay as they ran.
 */
export function isStale(policy: Policy, occurredAt: number, receivedAt: number | undefined): boolean {
  return receivedAt !== undefined && receivedAt - occurredAt > staleAfterMs(policy);
}

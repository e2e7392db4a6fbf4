import type { CustomerPurpose, Policy } from '../../domain/policy';
import type {
  CustomerReply,
  JourneyStage,
  OrderEvent,
  OrderItem,
  OrderJourneyInput,
  OrderJourneyState,
  TicketOutcome,
} from './contract';

/**
 * Everything an order journey remembers, and the small decisions that follow from it alone. Deterministic and free of
 * Temporal calls: the workflow function feeds it inputs and timers and performs what it decides.
 */

export type ShipmentPhase =
  | 'watching' // the watchdog is armed at lastProgressAt + threshold
  | 'stall_pending' // a stall was detected; the notice waits for the send window
  | 'noticed' // a notice went out; the follow-up check is armed
  | 'paused' // a ticket about the order is open
  | 'exhausted' // the notice cap is reached; nothing more is said about this parcel
  | 'delivered'
  | 'superseded'; // replaced by a reshipment

export interface Shipment {
  readonly id: string;
  carrier: string;
  phase: ShipmentPhase;
  createdAt: number;
  lastProgressAt: number;
  /** The progress time a stall was declared against: any scan after it means the parcel moved. */
  stallProgressAt?: number;
  notices: number;
  lastNoticeAt?: number;
  lastReplyAt?: number;
  /** occurredAt of the newest event applied: older events about this shipment are stale. */
  lastEventAt: number;
  exceptionsNotified: string[];
  deliveredAt?: number;
  reshipOfTicket?: string;
}

/** A message planned for later (a send window, or "2 days after delivery at 10:00"). */
export interface PendingSend {
  readonly purpose: CustomerPurpose;
  readonly at: number;
  readonly localTime: string;
  readonly shipmentId?: string;
  readonly variant?: string;
}

export interface Prompt {
  readonly key: string;
  readonly purpose: CustomerPurpose;
  readonly shipmentId?: string;
  expiresAt: number;
  unrecognised: number;
}

export type JourneyInput =
  | { readonly kind: 'event'; readonly event: OrderEvent }
  | { readonly kind: 'reply'; readonly reply: CustomerReply }
  | { readonly kind: 'ticketOpened'; readonly ticketId: string }
  | { readonly kind: 'ticketResolved'; readonly outcome: TicketOutcome };

export interface JourneyData {
  /** From the input, or from `order.placed` when the first event about the order did not name the customer. */
  customerId: string;
  stage: JourneyStage;
  done: boolean;
  seenEventIds: string[];
  items: OrderItem[];
  promisedDeliveryBy?: number;
  lateChecked: boolean;
  shipments: Record<string, Shipment>;
  pending: PendingSend[];
  prompt?: Prompt;
  openTicketId?: string;
  ticketCount: number;
  /** Per-purpose message counters: notification keys are `<workflowId>/<purpose>/<n>`. */
  counters: Partial<Record<string, number>>;
  returnRequested: boolean;
  guidePlanned: boolean;
  /** The replacement parcel a resolved ticket announced, so its delivery can trigger that ticket's check-in. */
  expectedReship?: { shipmentId: string; ticketId: string };
  sent: string[];
  actions: string[];
  /** Signals that were not well-formed events, and why: recorded, never acted on. */
  ignored: string[];
  inbox: JourneyInput[];
}

/** How many event ids to remember across continue-as-new: duplicates arrive close together, not months apart. */
const REMEMBERED_EVENT_IDS = 500;

export class Journey {
  readonly data: JourneyData;

  constructor(
    readonly input: OrderJourneyInput,
    readonly workflowId: string,
  ) {
    this.data = (input.carryOver as JourneyData | undefined) ?? {
      customerId: input.customerId,
      stage: 'placed',
      done: false,
      seenEventIds: [],
      items: [],
      lateChecked: false,
      shipments: {},
      pending: [],
      ticketCount: 0,
      counters: {},
      returnRequested: false,
      guidePlanned: false,
      sent: [],
      actions: [],
      ignored: [],
      inbox: [],
    };
  }

  get policy(): Policy {
    return this.input.policy;
  }

  get customerId(): string {
    return this.data.customerId;
  }

  enqueue(input: JourneyInput): void {
    this.data.inbox.push(input);
  }

  takeInputs(): JourneyInput[] {
    return this.data.inbox.splice(0, this.data.inbox.length);
  }

  /** True the first time an event id is seen; the id is then remembered. */
  firstSighting(eventId: string): boolean {
    if (this.data.seenEventIds.includes(eventId)) return false;
    this.data.seenEventIds.push(eventId);
    if (this.data.seenEventIds.length > REMEMBERED_EVENT_IDS) this.data.seenEventIds.shift();
    return true;
  }

  nextKey(purpose: string): string {
    const n = (this.data.counters[purpose] ?? 0) + 1;
    this.data.counters[purpose] = n;
    return `${this.workflowId}/${purpose}/${n}`;
  }

  thresholdFor(shipment: Shipment): number {
    return this.policy.stall.carrierThresholdMs[shipment.carrier] ?? this.policy.stall.thresholdMs;
  }

  watchdogAt(shipment: Shipment): number {
    return shipment.lastProgressAt + this.thresholdFor(shipment);
  }

  followUpAt(shipment: Shipment): number {
    return Math.max(shipment.lastNoticeAt ?? 0, shipment.lastReplyAt ?? 0) + this.policy.stall.followUpAfterMs;
  }

  activeShipments(): Shipment[] {
    return Object.values(this.data.shipments).filter((s) => s.phase !== 'delivered' && s.phase !== 'superseded');
  }

  /** Delivered when every shipment is delivered or replaced, and at least one was delivered. */
  orderDelivered(): boolean {
    const all = Object.values(this.data.shipments);
    return all.some((s) => s.phase === 'delivered') && this.activeShipments().length === 0;
  }

  /** The category the usage guide is written for: the first item's. */
  guideVariant(): string | undefined {
    return this.data.items[0]?.category;
  }

  setStage(stage: JourneyStage): void {
    this.data.stage = stage;
  }

  finish(stage: JourneyStage): void {
    this.data.stage = stage;
    this.data.done = true;
    this.data.pending = [];
    this.data.prompt = undefined;
  }

  view(): OrderJourneyState {
    const iso = (ms: number) => new Date(ms).toISOString();
    const { data } = this;
    return {
      orderId: this.input.orderId,
      customerId: this.customerId,
      stage: data.stage,
      shipments: Object.values(data.shipments).map((s) => ({
        shipmentId: s.id,
        carrier: s.carrier,
        phase: s.phase,
        lastProgressAt: iso(s.lastProgressAt),
        stallNotices: s.notices,
        ...(s.deliveredAt === undefined ? {} : { deliveredAt: iso(s.deliveredAt) }),
      })),
      ...(data.openTicketId ? { openTicketId: data.openTicketId } : {}),
      ...(data.prompt ? { openPrompt: { purpose: data.prompt.purpose, expiresAt: iso(data.prompt.expiresAt) } } : {}),
      scheduled: data.pending.map((p) => ({ what: p.purpose, at: p.localTime })),
      sent: [...data.sent],
      actions: [...data.actions],
      ignored: [...data.ignored],
    };
  }
}

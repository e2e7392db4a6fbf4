import { type CustomerPurpose, isStale, type Policy, type TicketPriority } from '../../domain/policy';
import type { CustomerReply, TicketResolution } from '../order-journey/contract';
import type { SlaState, SupportTicketInput, SupportTicketState, TicketEvent, TicketStage } from './contract';

/** What a support ticket remembers, and the deadlines that follow from it. Deterministic, no Temporal calls. */

export interface PlannedMessage {
  readonly purpose: CustomerPurpose;
  readonly at: number;
  readonly localTime: string;
  readonly variant?: string;
}

export type TicketInput =
  | { readonly kind: 'event'; readonly event: TicketEvent }
  | { readonly kind: 'reply'; readonly reply: CustomerReply }
  | { readonly kind: 'reshipDelivered'; readonly shipmentId: string; readonly deliveredAt: number };

export interface TicketData {
  stage: TicketStage;
  done: boolean;
  priority: TicketPriority;
  slaStartedAt: number;
  slaState: SlaState;
  firstResponseAt?: number;
  resolution?: TicketResolution;
  reshipDeliveredAt?: number;
  planned: PlannedMessage[];
  prompt?: { key: string; expiresAt: number };
  score?: number;
  reopened: number;
  seenEventIds: string[];
  counters: Partial<Record<string, number>>;
  sent: string[];
  inbox: TicketInput[];
}

export type TicketDue =
  | { readonly kind: 'slaWarning'; readonly at: number }
  | { readonly kind: 'slaBreach'; readonly at: number }
  | { readonly kind: 'send'; readonly at: number; readonly message: PlannedMessage }
  | { readonly kind: 'scoreWindowCloses'; readonly at: number };

export class Ticket {
  readonly data: TicketData;

  constructor(
    readonly input: SupportTicketInput,
    readonly workflowId: string,
  ) {
    this.data = (input.carryOver as TicketData | undefined) ?? {
      stage: 'open',
      done: false,
      priority: input.priority,
      slaStartedAt: input.openedAt,
      slaState: 'running',
      planned: [],
      reopened: 0,
      seenEventIds: [],
      counters: {},
      sent: [],
      inbox: [],
    };
  }

  get policy(): Policy {
    return this.input.policy;
  }

  slaMs(): number {
    return this.policy.firstResponse.slaMs[this.data.priority];
  }

  slaDeadline(): number {
    return this.data.slaStartedAt + this.slaMs();
  }

  /**
   * The `ticket.opened` that started this ticket arrived stale (architecture.md 6.3) and its first-response deadline
   * had already passed when it arrived: the customer gets nothing because of it, staff one `sla.breach` only. A
   * reopened ticket's new SLA starts later than that arrival, so it runs as usual.
   */
  arrivedOverdue(): boolean {
    const { openedFrom, openedAt, receivedAt } = this.input;
    return (
      openedFrom === 'event' &&
      receivedAt !== undefined &&
      isStale(this.policy, openedAt, receivedAt) &&
      this.slaDeadline() <= receivedAt
    );
  }

  /** The ticket was opened by a stale event: no `ticket.ack` (the customer wrote to us long ago). */
  openedStale(): boolean {
    return this.input.openedFrom === 'event' && isStale(this.policy, this.input.openedAt, this.input.receivedAt);
  }

  enqueue(input: TicketInput): void {
    this.data.inbox.push(input);
  }

  takeInputs(): TicketInput[] {
    return this.data.inbox.splice(0, this.data.inbox.length);
  }

  firstSighting(eventId: string): boolean {
    if (this.data.seenEventIds.includes(eventId)) return false;
    this.data.seenEventIds.push(eventId);
    if (this.data.seenEventIds.length > 200) this.data.seenEventIds.shift();
    return true;
  }

  nextKey(purpose: string): string {
    const n = (this.data.counters[purpose] ?? 0) + 1;
    this.data.counters[purpose] = n;
    return `${this.workflowId}/${purpose}/${n}`;
  }

  /** A new first-response SLA (reopen), cancelling anything planned for the closed case. */
  restartSla(priority: TicketPriority, at: number): void {
    this.data.priority = priority;
    this.data.slaStartedAt = at;
    this.data.slaState = 'running';
    this.data.firstResponseAt = undefined;
    this.data.resolution = undefined;
    this.data.reshipDeliveredAt = undefined;
    this.data.planned = [];
    this.data.prompt = undefined;
    this.data.score = undefined;
    this.data.stage = 'open';
  }

  agenda(): TicketDue[] {
    const { data } = this;
    const items: TicketDue[] = [];
    if (data.slaState === 'running') {
      items.push({
        kind: 'slaWarning',
        at: data.slaStartedAt + Math.round(this.slaMs() * this.policy.firstResponse.warnAt),
      });
    }
    if (data.slaState === 'running' || data.slaState === 'warned')
      items.push({ kind: 'slaBreach', at: this.slaDeadline() });
    for (const message of data.planned) items.push({ kind: 'send', at: message.at, message });
    if (data.prompt) items.push({ kind: 'scoreWindowCloses', at: data.prompt.expiresAt });
    return items.sort((a, b) => a.at - b.at);
  }

  view(): SupportTicketState {
    const iso = (ms: number) => new Date(ms).toISOString();
    const { data, input } = this;
    const checkIn = data.planned.find((p) => p.purpose === 'ticket.checkin');
    return {
      ticketId: input.ticketId,
      customerId: input.customerId,
      ...(input.orderId ? { orderId: input.orderId } : {}),
      priority: data.priority,
      stage: data.stage,
      sla: {
        state: data.slaState,
        deadline: iso(this.slaDeadline()),
        ...(data.firstResponseAt === undefined ? {} : { firstResponseAt: iso(data.firstResponseAt) }),
      },
      ...(data.resolution ? { resolution: data.resolution } : {}),
      ...(checkIn ? { checkInAt: checkIn.localTime } : {}),
      ...(data.score === undefined ? {} : { score: data.score }),
      reopened: data.reopened,
      sent: [...data.sent],
    };
  }
}

export function describeTicketDue(due: TicketDue, ticketId: string): string {
  const at = new Date(due.at).toISOString().replace('.000Z', 'Z');
  switch (due.kind) {
    case 'slaWarning':
      return `first-response SLA warning for ${ticketId} at ${at}`;
    case 'slaBreach':
      return `first-response SLA deadline for ${ticketId} at ${at}`;
    case 'send':
      return `${due.message.purpose} waits for ${due.message.localTime} local`;
    case 'scoreWindowCloses':
      return `satisfaction reply window closes ${at}`;
  }
}

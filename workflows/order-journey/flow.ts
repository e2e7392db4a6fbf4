import {
  getExternalWorkflowHandle,
  ParentClosePolicy,
  setCurrentDetails,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { type CustomerPurpose, isStale, type TicketPriority } from '../../domain/policy';
import { activities, notifyCustomer, planning, type SendOutcome } from '../activity-proxies';
import { answersPrompt } from '../redelivery/contract';
import { CARRIER, JOURNEY_STAGE } from '../search-attributes';
import { supportTicket } from '../support-ticket';
import { reshipDeliveredSignal, type SupportTicketInput, ticketWorkflowId } from '../support-ticket/contract';
import type { Due } from './agenda';
import type { CustomerReply, OrderEvent, TicketOutcome } from './contract';
import type { Journey, PendingSend, Shipment } from './journey-state';
import { problemWith } from './well-formed';

/** The business process, one handler per thing that can happen. */
export class JourneyFlow {
  /** What the search attributes already say: each upsert is a billable action, so only changes are written. */
  private published: { stage: string; carriers: string };

  constructor(private readonly journey: Journey) {
    // The starter sets JourneyStage=placed; a continued run inherits its predecessor's attributes.
    this.published = { stage: journey.data.stage, carriers: this.carriers() };
  }

  private carriers(): string {
    return [...new Set(Object.values(this.journey.data.shipments).map((s) => s.carrier))].join(',');
  }

  private get data() {
    return this.journey.data;
  }

  private get input() {
    return this.journey.input;
  }

  async onEvent(event: OrderEvent): Promise<void> {
    const problem = problemWith(event);
    if (problem) {
      this.data.ignored.push(problem);
      return;
    }
    if (!this.journey.firstSighting(event.id)) return;
    const at = Date.parse(event.occurredAt);
    // A stale event (architecture.md 6.3) updates state but messages nobody by itself; `receivedAt` is absent in
    // signals from older histories, which are never stale.
    const staleSince = isStale(this.journey.policy, at, event.receivedAt) ? event.receivedAt : undefined;
    switch (event.type) {
      case 'order.placed':
        this.data.customerId ||= event.data.customerId;
        this.data.items = [...event.data.items];
        if (event.data.promisedDeliveryBy) this.data.promisedDeliveryBy = Date.parse(event.data.promisedDeliveryBy);
        this.skipLateCheckIfPassed(staleSince);
        return;
      case 'order.cancelled':
        return this.journey.finish('cancelled');
      case 'return.requested':
        this.data.returnRequested = true;
        return this.journey.finish('returned');
      case 'shipment.created':
        this.onShipmentCreated(
          event.data.shipmentId,
          event.data.carrier,
          at,
          event.data.promisedDeliveryBy,
          staleSince,
        );
        return this.skipLateCheckIfPassed(staleSince);
      case 'shipment.exception':
        return this.onException(event.data.shipmentId, event.data.reason, at, staleSince !== undefined);
      case 'shipment.delivered':
        return this.onDelivered(event.data.shipmentId, at, staleSince);
    }
  }

  /** A promised date already past when a stale event told us of it: no apology triggered by that old news. */
  private skipLateCheckIfPassed(staleSince: number | undefined): void {
    const promised = this.data.promisedDeliveryBy;
    if (staleSince !== undefined && promised !== undefined && promised <= staleSince) this.data.lateChecked = true;
  }

  /** `staleSince`: a stale event's arrival, from which the watchdog counts instead of its old `occurredAt`. */
  private onShipmentCreated(
    shipmentId: string,
    carrier: string,
    at: number,
    promisedBy?: string,
    staleSince?: number,
  ): void {
    const known = this.data.shipments[shipmentId];
    if (known) {
      if (at >= known.lastEventAt) known.carrier = carrier;
      return;
    }
    const reship = this.data.expectedReship?.shipmentId === shipmentId ? this.data.expectedReship : undefined;
    this.data.shipments[shipmentId] = {
      id: shipmentId,
      carrier,
      phase: this.data.openTicketId ? 'paused' : 'watching',
      createdAt: at,
      lastProgressAt: staleSince ?? at,
      notices: 0,
      lastEventAt: at,
      exceptionsNotified: [],
      ...(reship ? { reshipOfTicket: reship.ticketId } : {}),
    };
    if (promisedBy) this.data.promisedDeliveryBy = Date.parse(promisedBy);
    if (this.data.stage === 'placed') this.journey.setStage('shipped');
  }

  private async onException(shipmentId: string, reason: string, at: number, stale = false): Promise<void> {
    const shipment = this.shipment(shipmentId, at);
    if (at < shipment.lastEventAt || shipment.phase === 'delivered') return;
    shipment.lastEventAt = at;
    // A stale exception is recorded (it orders later events) but no apology goes out for old news.
    if (stale || shipment.exceptionsNotified.includes(reason) || this.data.openTicketId) return;
    shipment.exceptionsNotified.push(reason);
    await this.plan('shipment.exception', { shipmentId, variant: reason });
  }

  private async onDelivered(shipmentId: string, at: number, staleSince?: number): Promise<void> {
    const shipment = this.shipment(shipmentId, at);
    if (shipment.phase === 'delivered') return;
    shipment.phase = 'delivered';
    shipment.deliveredAt = at;
    shipment.lastEventAt = Math.max(shipment.lastEventAt, at);
    this.data.pending = this.data.pending.filter((p) => p.shipmentId !== shipmentId);
    if (this.data.prompt?.shipmentId === shipmentId) this.data.prompt = undefined;
    if (shipment.reshipOfTicket) {
      await getExternalWorkflowHandle(ticketWorkflowId(shipment.reshipOfTicket))
        .signal(reshipDeliveredSignal, { shipmentId, deliveredAt: at })
        .catch(() => undefined); // the ticket may already have closed; the check-in is then moot
    }
    if (!this.journey.orderDelivered() || this.data.guidePlanned) return;
    this.data.guidePlanned = true;
    this.journey.setStage('delivered');
    const { afterDays, atLocal } = this.journey.policy.usageGuide;
    if (staleSince !== undefined && (await this.guideTimePassed(at, staleSince))) {
      return this.journey.finish('completed'); // news of a delivery so old that its guide is overdue: no guide
    }
    await this.plan('usage.guide', {
      variant: this.journey.guideVariant(),
      delay: { anchor: at, days: afterDays, atLocal },
    });
    this.journey.setStage('guide_scheduled');
  }

  /** Would the usage guide for a delivery at `deliveredAt` have been due before `arrivedAt`? (Planned as on time.) */
  private async guideTimePassed(deliveredAt: number, arrivedAt: number): Promise<boolean> {
    const { afterDays, atLocal } = this.journey.policy.usageGuide;
    const onTime = await planning.planSend({
      customerId: this.journey.customerId,
      purpose: 'usage.guide',
      notBefore: deliveredAt,
      delay: { anchor: deliveredAt, days: afterDays, atLocal },
    });
    return onTime.sendAt <= arrivedAt;
  }

  async onReply(reply: CustomerReply): Promise<void> {
    const prompt = this.data.prompt;
    if (!prompt || !answersPrompt(prompt.key, reply.promptKey) || Date.now() > prompt.expiresAt) return;
    const shipment = prompt.shipmentId ? this.data.shipments[prompt.shipmentId] : undefined;
    if (shipment) shipment.lastReplyAt = Date.now();
    const context = { shipmentId: prompt.shipmentId };
    if (reply.choice === 1) {
      this.data.prompt = undefined;
      await this.act('carrier.chase', prompt.shipmentId);
      await this.send('reply.ack', { ...context, variant: 'chase' });
    } else if (reply.choice === 2 || reply.choice === 3) {
      await this.openTicket(reply.choice === 3 ? 'high' : 'normal', reply.choice === 3 ? 'ticket_urgent' : 'ticket');
    } else if (++prompt.unrecognised === 1) {
      const { key } = await this.send('reply.clarify', {
        ...context,
        replyWindowMs: this.journey.policy.stall.replyWindowMs,
      });
      prompt.expiresAt = Date.now() + this.journey.policy.stall.replyWindowMs;
      this.data.prompt = { ...prompt, key };
    } else {
      await this.openTicket('normal', 'ticket_review');
    }
  }

  /** Menu answers 2 and 3 (and a second unreadable reply) hand the case to a person, as a child ticket. */
  private async openTicket(priority: TicketPriority, ackVariant: string): Promise<void> {
    const reason = this.data.prompt?.purpose.replace('.', '_') ?? 'shipment_stalled';
    this.data.prompt = undefined;
    const ticketId = `${this.input.orderId}-T${++this.data.ticketCount}`;
    const ticket: SupportTicketInput = {
      ticketId,
      customerId: this.journey.customerId,
      orderId: this.input.orderId,
      priority,
      reason,
      openedFrom: 'menu',
      openedAt: Date.now(),
      orderWorkflowId: workflowInfo().workflowId,
      policy: this.journey.policy,
    };
    await startChild(supportTicket, {
      workflowId: ticketWorkflowId(ticketId),
      args: [ticket],
      // The ticket outlives a refunded order: its check-in and survey still matter.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `Ticket ${ticketId} (${priority}) opened from the ${reason} menu of order ${this.input.orderId}`,
    });
    await this.act('ticket.open', undefined, ticketId);
    this.onTicketOpened(ticketId);
    await this.send('reply.ack', {
      variant: ackVariant,
      ticketId,
      expectedResponseMs: this.journey.policy.firstResponse.slaMs[priority],
    });
  }

  onTicketOpened(ticketId: string): void {
    this.data.openTicketId = ticketId;
    for (const shipment of this.journey.activeShipments()) {
      if (shipment.phase !== 'exhausted') shipment.phase = 'paused';
    }
    this.data.pending = this.data.pending.filter((p) => p.purpose === 'usage.guide');
    this.journey.setStage('ticket_open');
  }

  /** Follow the ticket's resolution: a refund ends the journey, a reship watches the new parcel, else resume. */
  async onTicketResolved(outcome: TicketOutcome): Promise<void> {
    if (this.data.openTicketId === outcome.ticketId) this.data.openTicketId = undefined;
    if (outcome.resolution === 'refund') return this.journey.finish('refunded');
    if (outcome.resolution === 'reship') {
      for (const shipment of this.journey.activeShipments()) shipment.phase = 'superseded';
      if (outcome.reshipShipmentId) {
        this.data.expectedReship = { shipmentId: outcome.reshipShipmentId, ticketId: outcome.ticketId };
        const known = this.data.shipments[outcome.reshipShipmentId];
        if (known) {
          known.reshipOfTicket = outcome.ticketId;
          if (known.phase === 'delivered' && known.deliveredAt !== undefined) {
            await getExternalWorkflowHandle(ticketWorkflowId(outcome.ticketId))
              .signal(reshipDeliveredSignal, { shipmentId: known.id, deliveredAt: known.deliveredAt })
              .catch(() => undefined);
          } else {
            known.phase = 'watching';
          }
        }
      }
    } else {
      for (const shipment of this.journey.activeShipments()) {
        if (shipment.phase === 'paused') {
          shipment.phase = 'watching';
          shipment.stallProgressAt = undefined;
        }
      }
    }
    this.journey.setStage('shipped');
    await Promise.resolve();
  }

  async onDue(due: Due): Promise<void> {
    switch (due.kind) {
      case 'watchdog':
        return this.onWatchdog(this.data.shipments[due.shipmentId] as Shipment);
      case 'followUp':
        return this.onFollowUp(this.data.shipments[due.shipmentId] as Shipment);
      case 'send':
        this.data.pending = this.data.pending.filter((p) => p !== due.send);
        return this.onPlannedSend(due.send);
      case 'promptExpiry':
        this.data.prompt = undefined;
        if (this.data.stage === 'awaiting_reply') this.journey.setStage('shipped');
        return;
      case 'lateCheck':
        this.data.lateChecked = true;
        if (!this.journey.orderDelivered() && !this.data.openTicketId) {
          await this.plan('shipment.late', { shipmentId: this.journey.activeShipments()[0]?.id });
        }
        return;
    }
  }

  /** The single watchdog timer fired: read the real last progress, then re-arm or declare a stall. */
  private async onWatchdog(shipment: Shipment): Promise<void> {
    const lastProgressAt = await this.lastProgress(shipment);
    shipment.lastProgressAt = lastProgressAt;
    if (this.journey.watchdogAt(shipment) > Date.now()) return;
    shipment.stallProgressAt = lastProgressAt;
    await this.noticeStall(shipment);
  }

  private async onFollowUp(shipment: Shipment): Promise<void> {
    const lastProgressAt = await this.lastProgress(shipment);
    if (lastProgressAt > (shipment.stallProgressAt ?? 0)) {
      shipment.lastProgressAt = lastProgressAt;
      shipment.phase = 'watching';
      return;
    }
    await this.noticeStall(shipment);
  }

  private async noticeStall(shipment: Shipment): Promise<void> {
    if (shipment.notices >= this.journey.policy.stall.maxNoticesPerShipment) {
      shipment.phase = 'exhausted';
      return;
    }
    shipment.phase = 'stall_pending';
    this.journey.setStage('stalled');
    await this.plan('shipment.stalled', { shipmentId: shipment.id });
  }

  /** A planned message's time has come: check it still makes sense, then send it. */
  private async onPlannedSend(send: PendingSend): Promise<void> {
    const shipment = send.shipmentId ? this.data.shipments[send.shipmentId] : undefined;
    if (send.purpose === 'usage.guide') {
      const { skipIfReturnRequested, skipIfTicketOpen } = this.journey.policy.usageGuide;
      const tactless =
        (skipIfReturnRequested && this.data.returnRequested) || (skipIfTicketOpen && this.data.openTicketId);
      if (!tactless) {
        const { outcome } = await this.send('usage.guide', { variant: send.variant });
        if (this.putBack(send, outcome)) return;
      }
      return this.journey.finish('completed');
    }
    if (shipment?.phase === 'delivered' || this.data.openTicketId) return;
    if (send.purpose === 'shipment.stalled' && shipment) {
      if (shipment.phase !== 'stall_pending') return;
      const lastProgressAt = await this.lastProgress(shipment);
      if (lastProgressAt > (shipment.stallProgressAt ?? 0)) {
        // The parcel moved while the notice waited for the window: say nothing, keep watching.
        shipment.lastProgressAt = lastProgressAt;
        shipment.phase = 'watching';
        return;
      }
    }
    const stalled = send.purpose === 'shipment.stalled' ? shipment : undefined;
    const before = stalled ? { lastNoticeAt: stalled.lastNoticeAt } : undefined;
    if (stalled) {
      stalled.notices += 1;
      stalled.lastNoticeAt = Date.now();
      stalled.phase = 'noticed';
    }
    const replyWindowMs = this.journey.policy.stall.replyWindowMs;
    const { key, outcome } = await this.send(send.purpose, {
      shipmentId: send.shipmentId,
      variant: send.variant,
      replyWindowMs,
    });
    if (this.putBack(send, outcome)) {
      // Nothing went out: the notice is still pending (unless an event meanwhile moved the parcel on).
      if (stalled) {
        stalled.notices -= 1;
        if (before?.lastNoticeAt === undefined) delete stalled.lastNoticeAt;
        else stalled.lastNoticeAt = before.lastNoticeAt;
        if (stalled.phase === 'noticed') stalled.phase = 'stall_pending';
      }
      return;
    }
    this.data.prompt = {
      key,
      purpose: send.purpose,
      shipmentId: send.shipmentId,
      expiresAt: Date.now() + replyWindowMs,
      unrecognised: 0,
    };
    this.journey.setStage('awaiting_reply');
  }

  /**
   * The send found itself outside the customer's window (its timer fired late): back on the agenda for the next
   * opening, where this same handler re-checks that the message still makes sense before sending it.
   */
  private putBack(send: PendingSend, outcome: SendOutcome): boolean {
    if (outcome.status !== 'deferred') return false;
    this.data.pending.push({ ...send, at: outcome.until, localTime: outcome.localTime });
    return true;
  }

  /** Plans a message inside the customer's window (and after an optional delay), then waits for it on the agenda. */
  private async plan(
    purpose: CustomerPurpose,
    options: { shipmentId?: string; variant?: string; delay?: { anchor: number; days: number; atLocal: string } },
  ): Promise<void> {
    const plan = await planning.planSend({
      customerId: this.journey.customerId,
      purpose,
      notBefore: Date.now(),
      ...(options.delay ? { delay: options.delay } : {}),
    });
    this.data.pending.push({
      purpose,
      at: plan.sendAt,
      localTime: plan.localTime,
      ...(options.shipmentId ? { shipmentId: options.shipmentId } : {}),
      ...(options.variant ? { variant: options.variant } : {}),
    });
  }

  private async send(
    purpose: CustomerPurpose,
    options: {
      shipmentId?: string;
      variant?: string;
      ticketId?: string;
      expectedResponseMs?: number;
      replyWindowMs?: number;
    },
  ): Promise<{ key: string; outcome: SendOutcome }> {
    const key = this.journey.nextKey(purpose);
    const outcome = await notifyCustomer({
      key,
      workflowId: workflowInfo().workflowId,
      purpose,
      customerId: this.journey.customerId,
      ...(options.variant ? { variant: options.variant } : {}),
      context: {
        orderId: this.input.orderId,
        ...(options.shipmentId ? { shipmentId: options.shipmentId } : {}),
        ...(options.ticketId ? { ticketId: options.ticketId } : {}),
      },
      ...(options.expectedResponseMs ? { facts: { expectedResponseMs: options.expectedResponseMs } } : {}),
      ...(options.replyWindowMs ? { replyWindowMs: options.replyWindowMs } : {}),
    });
    this.data.sent.push(
      `${purpose}: ${outcome.status === 'failed' || outcome.status === 'refused' ? `${outcome.status} (${outcome.reason})` : outcome.status}`,
    );
    return { key, outcome };
  }

  private async act(action: 'carrier.chase' | 'ticket.open', shipmentId?: string, ticketId?: string): Promise<void> {
    await activities.recordAction({
      key: this.journey.nextKey(action),
      action,
      customerId: this.journey.customerId,
      orderId: this.input.orderId,
      ...(shipmentId ? { shipmentId } : {}),
      ...(ticketId ? { ticketId } : {}),
    });
    this.data.actions.push(action);
  }

  private async lastProgress(shipment: Shipment): Promise<number> {
    const { lastProgressAt } = await activities.shipmentProgress(shipment.id);
    return Math.max(shipment.lastProgressAt, lastProgressAt ?? 0);
  }

  /** A shipment an event refers to, created on the spot when its `shipment.created` never came. */
  private shipment(shipmentId: string, at: number): Shipment {
    this.data.shipments[shipmentId] ??= {
      id: shipmentId,
      carrier: 'unknown',
      phase: this.data.openTicketId ? 'paused' : 'watching',
      createdAt: at,
      lastProgressAt: at,
      notices: 0,
      lastEventAt: at,
      exceptionsNotified: [],
    };
    return this.data.shipments[shipmentId];
  }

  /**
   * Keeps the Temporal UI current: the JourneyStage and Carrier search attributes (in one upsert, only when they
   * changed, never on the way out: a closed workflow's status says it) and the details panel.
   */
  publishStage(): void {
    const next = { stage: this.data.stage, carriers: this.carriers() };
    if (this.data.done || (next.stage === this.published.stage && next.carriers === this.published.carriers)) return;
    const changes = [
      ...(next.stage === this.published.stage ? [] : [{ key: JOURNEY_STAGE, value: next.stage }]),
      ...(next.carriers === this.published.carriers || next.carriers === ''
        ? []
        : [{ key: CARRIER, value: next.carriers }]),
    ];
    this.published = next;
    if (changes.length > 0) upsertSearchAttributes(changes);
    const view = this.journey.view();
    const lines = [
      `**Order ${view.orderId}** for customer ${view.customerId}: ${view.stage}`,
      ...view.shipments.map((s) => `- ${s.shipmentId} (${s.carrier}): ${s.phase}, ${s.stallNotices} stall notice(s)`),
      ...(view.openTicketId ? [`- open ticket ${view.openTicketId}`] : []),
      ...view.scheduled.map((s) => `- ${s.what} at ${s.at}`),
    ];
    setCurrentDetails(lines.join('\n'));
  }
}

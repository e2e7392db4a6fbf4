import { getExternalWorkflowHandle, patched, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { type CustomerPurpose, isStale, type StaffAlertPurpose } from '../../domain/policy';
import { activities, notifyCustomer, planning, type SendOutcome } from '../activity-proxies';
import { answersPrompt } from '../redelivery/contract';
import { ticketOpenedSignal, ticketResolvedSignal, type CustomerReply } from '../order-journey/contract';
import { SLA_STATE } from '../search-attributes';
import type { TicketEvent } from './contract';
import type { PlannedMessage, Ticket, TicketDue } from './ticket-state';

/** Patch id: an agent's reply after the breach withdraws a holding message still waiting for the send window. */
const AGENT_REPLY_AFTER_BREACH = 'agent-reply-after-breach';

/** The support ticket's business process, one handler per thing that can happen. */
export class TicketFlow {
  /** The SlaState search attribute as last written (the starter sets `running`); upserts are billable actions. */
  private publishedSla: string;
  private publishedDetails = '';

  constructor(private readonly ticket: Ticket) {
    this.publishedSla = ticket.data.slaState;
  }

  private get data() {
    return this.ticket.data;
  }

  private get input() {
    return this.ticket.input;
  }

  /** Record the ticket and, unless the order journey's `reply.ack` already did, tell the customer when to expect us. */
  async open(): Promise<void> {
    await this.recordTicket('open');
    if (this.input.openedFrom === 'event') {
      // A stale ticket.opened acknowledges nothing: the customer wrote long ago (architecture.md 6.3).
      if (!this.ticket.openedStale()) await this.send('ticket.ack', { expectedResponseMs: this.ticket.slaMs() });
      await this.tellOrderJourneyItIsOpen();
    }
  }

  /** While a ticket about the order is open, its journey sends no stall notices and no usage guide. */
  private async tellOrderJourneyItIsOpen(): Promise<void> {
    if (!this.input.orderWorkflowId) return;
    await getExternalWorkflowHandle(this.input.orderWorkflowId)
      .signal(ticketOpenedSignal, { ticketId: this.input.ticketId })
      .catch(() => undefined); // no journey for that order (or it has ended): nothing to pause
  }

  async onEvent(event: TicketEvent): Promise<void> {
    if (!this.ticket.firstSighting(event.id)) return;
    switch (event.type) {
      case 'ticket.opened':
        return; // a repeat of what started us
      case 'ticket.agent_replied':
        if (this.data.slaState === 'running' || this.data.slaState === 'warned') {
          this.data.slaState = 'met';
          this.data.firstResponseAt = Date.now();
        } else if (this.data.firstResponseAt === undefined && patched(AGENT_REPLY_AFTER_BREACH)) {
          // A reply after the breach: the SLA stays breached, but a holding message still waiting for the window
          // has become pointless. Patched: older runs sent it anyway, and replay must say the same.
          this.data.firstResponseAt = Date.now();
        }
        return;
      case 'ticket.resolved': {
        const resolvedAt = Date.parse(event.occurredAt);
        const staleSince = isStale(this.ticket.policy, resolvedAt, event.receivedAt) ? event.receivedAt : undefined;
        return this.onResolved(event.data.resolution, resolvedAt, event.data.reshipShipmentId, staleSince);
      }
      case 'ticket.reopened':
        this.ticket.restartSla(this.data.priority, Date.now());
        this.data.reopened += 1;
        await this.recordTicket('reopened');
        return this.tellOrderJourneyItIsOpen();
    }
  }

  private async onResolved(
    resolution: NonNullable<typeof this.data.resolution>,
    resolvedAt: number,
    reshipShipmentId?: string,
    staleSince?: number,
  ): Promise<void> {
    if (this.data.stage !== 'open') return;
    this.data.resolution = resolution;
    this.data.stage = 'resolved';
    if (this.data.slaState === 'running' || this.data.slaState === 'warned') this.data.slaState = 'met';
    this.data.planned = [];
    if (this.input.orderWorkflowId) {
      await getExternalWorkflowHandle(this.input.orderWorkflowId)
        .signal(ticketResolvedSignal, {
          ticketId: this.input.ticketId,
          resolution,
          ...(reshipShipmentId ? { reshipShipmentId } : {}),
        })
        .catch(() => undefined); // the journey has ended; the ticket's own check-in still stands
    }
    const { afterResolutionDays, atLocal } = this.ticket.policy.checkIn;
    if (resolution === 'reship') {
      this.data.stage = 'awaiting_reship';
      if (this.data.reshipDeliveredAt !== undefined) await this.planCheckInAfterReship(this.data.reshipDeliveredAt);
    } else {
      const delay = { anchor: resolvedAt, days: afterResolutionDays, atLocal };
      // News of a resolution so old that its check-in was already due asks nothing now (architecture.md 6.3).
      if (staleSince !== undefined && (await this.dueBefore('ticket.checkin', delay, staleSince))) return this.close();
      await this.plan('ticket.checkin', delay);
      this.data.stage = 'checkin_scheduled';
    }
  }

  /** Would a message planned as if on time (from `delay.anchor`) have been due before `arrivedAt`? */
  private async dueBefore(
    purpose: CustomerPurpose,
    delay: { anchor: number; days: number; atLocal: string },
    arrivedAt: number,
  ): Promise<boolean> {
    const onTime = await planning.planSend({
      customerId: this.input.customerId,
      purpose,
      notBefore: delay.anchor,
      delay,
    });
    return onTime.sendAt <= arrivedAt;
  }

  async onReshipDelivered(deliveredAt: number): Promise<void> {
    this.data.reshipDeliveredAt = deliveredAt;
    if (this.data.stage === 'awaiting_reship') await this.planCheckInAfterReship(deliveredAt);
  }

  private async planCheckInAfterReship(deliveredAt: number): Promise<void> {
    const { afterReshipDeliveryDays, atLocal } = this.ticket.policy.checkIn;
    await this.plan('ticket.checkin', { anchor: deliveredAt, days: afterReshipDeliveryDays, atLocal }, 'reship');
    this.data.stage = 'checkin_scheduled';
  }

  /** A 1-5 score: thank once; a low score alerts staff and reopens the case at high priority. */
  async onReply(reply: CustomerReply): Promise<void> {
    const prompt = this.data.prompt;
    if (!prompt || !answersPrompt(prompt.key, reply.promptKey) || this.data.score !== undefined) return;
    const score = reply.choice;
    if (score === null || score < 1 || score > 5) return;
    this.data.score = score;
    this.data.prompt = undefined;
    await activities.recordSurveyResponse({
      key: `${prompt.key}/score`,
      ticketId: this.input.ticketId,
      customerId: this.input.customerId,
      ...(this.input.orderId ? { orderId: this.input.orderId } : {}),
      score,
      inboundId: reply.inboundId,
    });
    if (score > this.ticket.policy.checkIn.lowScoreAtMost) {
      await this.send('reply.ack', { variant: 'csat_thanks' });
      return this.close();
    }
    await this.send('reply.ack', { variant: 'csat_low' });
    await this.alert('csat.low', { score });
    await activities.recordAction({
      key: this.ticket.nextKey('ticket.reopen'),
      action: 'ticket.reopen',
      customerId: this.input.customerId,
      ticketId: this.input.ticketId,
      ...(this.input.orderId ? { orderId: this.input.orderId } : {}),
    });
    this.ticket.restartSla('high', Date.now());
    this.data.reopened += 1;
    await this.recordTicket('reopened');
    await this.tellOrderJourneyItIsOpen();
  }

  async onDue(due: TicketDue): Promise<void> {
    switch (due.kind) {
      case 'slaWarning':
        this.data.slaState = 'warned';
        // Arrived already overdue: no burst of warning then breach; the breach alert alone tells staff.
        if (this.ticket.arrivedOverdue()) return;
        return this.alert('sla.warning', { deadline: this.ticket.slaDeadline() });
      case 'slaBreach': {
        this.data.slaState = 'breached';
        await this.alert('sla.breach', { deadline: this.ticket.slaDeadline() });
        const holding = this.ticket.policy.firstResponse.holdingMessageAtBreach && !this.ticket.arrivedOverdue();
        if (holding) await this.plan('ticket.sla_holding');
        return;
      }
      case 'send':
        this.data.planned = this.data.planned.filter((p) => p !== due.message);
        return this.onPlannedSend(due.message);
      case 'scoreWindowCloses':
        this.data.prompt = undefined;
        return this.close();
    }
  }

  /** When the window opens, check the message is still wanted: no holding message once an agent has answered. */
  private async onPlannedSend(message: PlannedMessage): Promise<void> {
    if (message.purpose === 'ticket.sla_holding') {
      if (this.data.firstResponseAt === undefined && this.data.stage === 'open') {
        const { outcome } = await this.send('ticket.sla_holding');
        this.putBack(message, outcome);
      }
      return;
    }
    if (message.purpose === 'ticket.checkin' && this.data.stage === 'checkin_scheduled') {
      const replyWindowMs = this.ticket.policy.checkIn.replyWindowMs;
      const { key, outcome } = await this.send('ticket.checkin', { variant: message.variant, replyWindowMs });
      if (this.putBack(message, outcome)) return;
      this.data.prompt = { key, expiresAt: Date.now() + replyWindowMs };
      this.data.stage = 'awaiting_score';
    }
  }

  /**
   * The send found itself outside the customer's window (its timer fired late): back on the plan for the next
   * opening, where `onPlannedSend` re-checks that it is still wanted (an agent replied, the ticket moved on).
   */
  private putBack(message: PlannedMessage, outcome: SendOutcome): boolean {
    if (outcome.status !== 'deferred') return false;
    this.data.planned.push({ ...message, at: outcome.until, localTime: outcome.localTime });
    return true;
  }

  private close(): void {
    this.data.stage = 'closed';
    this.data.done = true;
    this.data.planned = [];
  }

  private async plan(
    purpose: CustomerPurpose,
    delay?: { anchor: number; days: number; atLocal: string },
    variant?: string,
  ): Promise<void> {
    const plan = await planning.planSend({
      customerId: this.input.customerId,
      purpose,
      notBefore: Date.now(),
      ...(delay ? { delay } : {}),
    });
    this.data.planned.push({ purpose, at: plan.sendAt, localTime: plan.localTime, ...(variant ? { variant } : {}) });
  }

  private async send(
    purpose: CustomerPurpose,
    options: { variant?: string; expectedResponseMs?: number; replyWindowMs?: number } = {},
  ): Promise<{ key: string; outcome: SendOutcome }> {
    const key = this.ticket.nextKey(purpose);
    const outcome = await notifyCustomer({
      key,
      workflowId: this.ticket.workflowId,
      purpose,
      customerId: this.input.customerId,
      ...(options.variant ? { variant: options.variant } : {}),
      context: { ticketId: this.input.ticketId, ...(this.input.orderId ? { orderId: this.input.orderId } : {}) },
      ...(options.expectedResponseMs ? { facts: { expectedResponseMs: options.expectedResponseMs } } : {}),
      ...(options.replyWindowMs ? { replyWindowMs: options.replyWindowMs } : {}),
    });
    this.data.sent.push(
      `${purpose}: ${outcome.status === 'failed' || outcome.status === 'refused' ? `${outcome.status} (${outcome.reason})` : outcome.status}`,
    );
    return { key, outcome };
  }

  private async alert(purpose: StaffAlertPurpose, facts: { deadline?: number; score?: number }): Promise<void> {
    await activities.alertStaff({
      key: this.ticket.nextKey(purpose),
      purpose,
      ticketId: this.input.ticketId,
      customerId: this.input.customerId,
      ...(this.input.orderId ? { orderId: this.input.orderId } : {}),
      priority: this.data.priority,
      ...facts,
    });
  }

  private async recordTicket(status: 'open' | 'reopened'): Promise<void> {
    await activities.recordTicket({
      ticketId: this.input.ticketId,
      customerId: this.input.customerId,
      ...(this.input.orderId ? { orderId: this.input.orderId } : {}),
      priority: this.data.priority,
      ...(this.input.reason ? { reason: this.input.reason } : {}),
      status,
    });
  }

  /** Keeps the Temporal UI current: the SlaState search attribute (when it changes) and the details panel. */
  publish(): void {
    if (!this.data.done && this.data.slaState !== this.publishedSla) {
      this.publishedSla = this.data.slaState;
      upsertSearchAttributes([{ key: SLA_STATE, value: this.data.slaState }]);
    }
    const marker = `${this.data.slaState}/${this.data.stage}`;
    if (marker === this.publishedDetails) return;
    this.publishedDetails = marker;
    const view = this.ticket.view();
    setCurrentDetails(
      [
        `**Ticket ${view.ticketId}** (${view.priority}) for customer ${view.customerId}: ${view.stage}`,
        `- first-response SLA: ${view.sla.state}, deadline ${view.sla.deadline}`,
        ...(view.checkInAt ? [`- check-in at ${view.checkInAt}`] : []),
      ].join('\n'),
    );
  }
}

import { Context } from '@temporalio/activity';
import { sendNow } from '../../domain/send-now';
import { planSend as planSendTime } from '../../domain/send-window';
import type { Policy } from '../../domain/policy';
import type {
  DeliveryActivities,
  NotifyActivities,
  NotifyInput,
  NotifyResult,
  PlanSendInput,
  PlanSendResult,
  RecordActionInput,
  SettleInput,
  SettleResult,
  StaffAlertInput,
  SurveyInput,
  TicketRecord,
} from '../../domain/activity-contract';

export interface SentMessage extends NotifyInput {
  /** Server (virtual) time the send was scheduled at: what the customer's phone would show. */
  readonly at: number;
}

export interface RaisedAlert extends StaffAlertInput {
  readonly at: number;
}

/**
 * In-memory stand-ins for the notify activities, for workflow tests that check decisions and timing. They keep the
 * same contract and idempotency (one record per key) and plan send times with the real send-window code.
 */
export class FakeActivities implements NotifyActivities {
  readonly sent: SentMessage[] = [];
  readonly alerts: RaisedAlert[] = [];
  readonly actions: (RecordActionInput & { at: number })[] = [];
  readonly tickets: TicketRecord[] = [];
  readonly surveys: SurveyInput[] = [];
  readonly progress = new Map<string, number>();
  readonly zones = new Map<string, string>();

  constructor(private readonly policy: Policy) {}

  /**
   * What the notify activity's clock reads when it runs, given the server time it was scheduled at. A test sets it to
   * stand for a worker that picked the work up late (the timer fired while it was down).
   */
  notifyClock: (scheduledAt: number) => number = (scheduledAt) => scheduledAt;
  /** Sends the real activity deferred because they found themselves outside the window, in order. */
  readonly deferred: (NotifyInput & { readonly at: number; readonly until: number })[] = [];

  private now(): number {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  }

  /** Keys of sends that gave up and were settled, in order. */
  readonly settled: string[] = [];
  /** When set and it answers an error for a send, every attempt of that send fails with it (a provider down). */
  notifyFailure: (input: NotifyInput) => Error | undefined = () => undefined;

  /** Like the real activity: outside the purpose's window at the moment of sending, it claims nothing and defers. */
  notify(input: NotifyInput): Promise<NotifyResult> {
    const failure = this.notifyFailure(input);
    if (failure) return Promise.reject(failure);
    const at = this.notifyClock(this.now());
    if (!this.sent.some((m) => m.key === input.key)) {
      const messageClass = input.messageClass ?? this.policy.classes[input.purpose];
      const window = sendNow(at, this.zones.get(input.customerId), input.purpose, messageClass, this.policy);
      if (!window.open) {
        this.deferred.push({ ...input, at, until: window.until });
        return Promise.resolve({
          status: 'deferred',
          until: window.until,
          localTime: window.localTime,
          notificationKey: input.key,
        });
      }
      this.sent.push({ ...input, at });
    }
    return Promise.resolve({ status: 'sent', channel: 'sms', notificationKey: input.key });
  }

  planSend(input: PlanSendInput): Promise<PlanSendResult> {
    const messageClass = this.policy.classes[input.purpose];
    const window = this.policy.windowExempt.includes(input.purpose) ? null : this.policy.windows[messageClass];
    const plan = planSendTime(
      {
        now: input.notBefore,
        zone: this.zones.get(input.customerId),
        window,
        ...(input.delay ? { delay: input.delay } : {}),
      },
      this.policy,
    );
    return Promise.resolve({ sendAt: plan.sendAt, localTime: plan.localTime, zone: plan.zone });
  }

  alertStaff(input: StaffAlertInput): Promise<void> {
    if (!this.alerts.some((a) => a.key === input.key)) this.alerts.push({ ...input, at: this.now() });
    return Promise.resolve();
  }

  recordAction(input: RecordActionInput): Promise<void> {
    if (!this.actions.some((a) => a.key === input.key)) this.actions.push({ ...input, at: this.now() });
    return Promise.resolve();
  }

  shipmentProgress(shipmentId: string): Promise<{ lastProgressAt: number | null }> {
    return Promise.resolve({ lastProgressAt: this.progress.get(shipmentId) ?? null });
  }

  recordTicket(ticket: TicketRecord): Promise<void> {
    this.tickets.push(ticket);
    return Promise.resolve();
  }

  recordSurveyResponse(input: SurveyInput): Promise<void> {
    if (!this.surveys.some((s) => s.key === input.key)) this.surveys.push(input);
    return Promise.resolve();
  }

  settleNotification(input: SettleInput): Promise<SettleResult> {
    this.settled.push(input.key);
    return Promise.resolve({ status: 'failed' });
  }

  /** Binds every method, as the worker registers each activity as a standalone function. */
  asActivities(): NotifyActivities & Pick<DeliveryActivities, 'settleNotification'> {
    return {
      settleNotification: (i) => this.settleNotification(i),
      notify: (i) => this.notify(i),
      planSend: (i) => this.planSend(i),
      alertStaff: (i) => this.alertStaff(i),
      recordAction: (i) => this.recordAction(i),
      shipmentProgress: (i) => this.shipmentProgress(i),
      recordTicket: (i) => this.recordTicket(i),
      recordSurveyResponse: (i) => this.recordSurveyResponse(i),
    };
  }
}

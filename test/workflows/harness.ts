import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { loadConfig } from '../../config/load';
import type { Policy } from '../../domain/policy';
import { parseMenuReply, parseScore, STALL_MENU } from '../../domain/replies';
import {
  customerReplySignal,
  type OrderEvent,
  orderEventSignal,
  orderWorkflowId,
} from '../../workflows/order-journey/contract';
import {
  ticketEventSignal,
  ticketReplySignal,
  type TicketEvent,
  ticketWorkflowId,
} from '../../workflows/support-ticket/contract';
import { NOTIFY_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { orderJourney, supportTicket } from '../../workflows';
import { createTestEnv } from '../helpers/temporal-env';
import { FakeActivities } from './fake-activities';

/**
 * One time-skipping environment and one workflow bundle per test file; a fresh worker, task queue and set of fake
 * activities per scenario. Virtual time only moves forward, so scenarios place themselves relative to "now".
 */
export class WorkflowHarness {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly bundle: WorkflowBundleWithSourceMap,
    readonly policy: Policy,
  ) {}

  static async start(): Promise<WorkflowHarness> {
    const env = await createTestEnv();
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace ?? 'default',
        searchAttributes: Object.fromEntries(NOTIFY_SEARCH_ATTRIBUTES.map((key) => [key.name, 1])), // 1 = KEYWORD
      });
      const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
      return new WorkflowHarness(env, bundle, loadConfig({ env: {} }).policy);
    } catch (err) {
      await env.teardown();
      throw err;
    }
  }

  async teardown(): Promise<void> {
    await this.env.teardown();
  }

  /** Runs `scenario` with a worker on its own task queue, registering `fake` as the activities. */
  async run<T>(scenario: (ctx: Scenario) => Promise<T>): Promise<T> {
    const taskQueue = `wf-${randomUUID()}`;
    const fake = new FakeActivities(this.policy);
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue,
      workflowBundle: this.bundle,
      activities: fake.asActivities(),
    });
    try {
      return await worker.runUntil(scenario(new Scenario(this, fake, taskQueue)));
    } finally {
      await this.terminateLeftovers(taskQueue);
    }
  }

  /**
   * Workflows a scenario leaves running would keep timers firing with no worker to take their tasks, and a pending
   * workflow task holds the time-skipping lock: later scenarios' clocks would then crawl at wall speed.
   */
  private async terminateLeftovers(taskQueue: string): Promise<void> {
    const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`;
    for await (const execution of this.env.client.workflow.list({ query })) {
      await this.env.client.workflow.getHandle(execution.workflowId, execution.runId).terminate('scenario over');
    }
  }
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

export class Scenario {
  readonly suffix = randomUUID().slice(0, 8);

  constructor(
    readonly harness: WorkflowHarness,
    readonly fake: FakeActivities,
    readonly taskQueue: string,
  ) {}

  private get env() {
    return this.harness.env;
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** Moves virtual time to `instant` (and a little past it, so work due at that instant has happened). */
  async sleepUntil(instant: number, settleMs = 60_000): Promise<void> {
    const now = await this.now();
    if (instant + settleMs > now) await this.env.sleep(instant + settleMs - now);
  }

  async sleep(ms: number): Promise<void> {
    await this.env.sleep(ms);
  }

  /** The next instant that reads `HH:MM` in `zone`. */
  async nextLocal(zone: string, time: string): Promise<number> {
    const [hour, minute] = time.split(':').map(Number);
    const now = DateTime.fromMillis(await this.now(), { zone });
    let at = now.set({ hour, minute, second: 0, millisecond: 0 });
    if (at <= now) at = at.plus({ days: 1 });
    return at.toMillis();
  }

  /** Moves to the next `HH:MM` in `zone` exactly (no settling), for placing events. */
  async goToLocal(zone: string, time: string): Promise<number> {
    const at = await this.nextLocal(zone, time);
    await this.sleepUntil(at, 0);
    return at;
  }

  async orderEvent(
    orderId: string,
    customerId: string,
    type: OrderEvent['type'],
    data: Record<string, unknown>,
    envelope: { id?: string; occurredAt?: number; receivedAt?: number } = {},
  ): Promise<void> {
    const occurredAt = new Date(envelope.occurredAt ?? (await this.now())).toISOString();
    const event = {
      id: envelope.id ?? randomUUID(),
      type,
      occurredAt,
      data: { orderId, ...data },
      ...(envelope.receivedAt === undefined ? {} : { receivedAt: envelope.receivedAt }),
    };
    await this.env.client.workflow.signalWithStart(orderJourney, {
      workflowId: orderWorkflowId(orderId),
      taskQueue: this.taskQueue,
      args: [{ orderId, customerId, policy: this.harness.policy }],
      signal: orderEventSignal,
      signalArgs: [event as OrderEvent],
    });
  }

  async ticketEvent(
    ticketId: string,
    customerId: string,
    type: TicketEvent['type'],
    data: Record<string, unknown>,
    opened?: { priority: string; orderId?: string },
    times: { occurredAt?: number; receivedAt?: number } = {},
  ): Promise<void> {
    const now = times.occurredAt ?? (await this.now());
    const received = times.receivedAt === undefined ? {} : { receivedAt: times.receivedAt };
    const event = {
      id: randomUUID(),
      type,
      occurredAt: new Date(now).toISOString(),
      data: { ticketId, ...data },
      ...received,
    };
    const priority = (opened?.priority ?? 'normal') as 'normal';
    await this.env.client.workflow.signalWithStart(supportTicket, {
      workflowId: ticketWorkflowId(ticketId),
      taskQueue: this.taskQueue,
      args: [
        {
          ticketId,
          customerId,
          priority,
          openedFrom: 'event',
          openedAt: now,
          ...received,
          policy: this.harness.policy,
          ...(opened?.orderId ? { orderId: opened.orderId, orderWorkflowId: orderWorkflowId(opened.orderId) } : {}),
        },
      ],
      signal: ticketEventSignal,
      signalArgs: [event as TicketEvent],
    });
  }

  /** The customer answers the latest prompt sent to them, as the API would after parsing the SMS. */
  async replyToLatestPrompt(body: string): Promise<void> {
    const prompt = [...this.fake.sent].reverse().find((m) => m.replyWindowMs !== undefined);
    if (!prompt) throw new Error('no prompt was sent');
    const choice =
      prompt.purpose === 'ticket.checkin'
        ? (parseScore(body) ?? null)
        : (parseMenuReply(body, STALL_MENU)?.choice ?? null);
    const reply = { inboundId: randomUUID(), promptKey: prompt.key, choice, receivedAt: await this.now() };
    const handle = this.env.client.workflow.getHandle(prompt.workflowId);
    await handle.signal(prompt.workflowId.startsWith('ticket:') ? ticketReplySignal : customerReplySignal, reply);
  }

  sentOf(purpose: string) {
    return this.fake.sent.filter((m) => m.purpose === purpose);
  }
}

/** `2026-03-05T08:00` in `zone`, for readable assertions on when a customer's phone buzzed. */
export function localMinute(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/**
 * Activities see the server's clock when they were scheduled, a few milliseconds after the timer that led to them
 * fired (the virtual clock runs at wall speed while the worker is busy). Times are compared to the second.
 */
export function toSecond(at: number): number {
  return Math.round(at / 1000) * 1000;
}

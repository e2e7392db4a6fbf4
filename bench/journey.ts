/**
 * Temporal actions and history events of a standard order journey (placed, shipped, 10 scans, delivered, guide) and
 * of a ticket with an SLA breach and a check-in, next to a naive design (a signal and a timer reset per scan, one
 * activity per message) run in the same bench on temporal-lite.
 *
 *   npm run bench:journey
 */
import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { NotifyActivities } from '../domain/activity-contract';
import { loadConfig } from '../config/load';
import { parseTraceLine } from '../domain/events';
import { planSend } from '../domain/send-window';
import { createTestEnv } from '../test/helpers/temporal-env';
import { runSimulation } from '../worker/simulation/run-simulation';
import type { TraceStep } from '../worker/simulation/trace';
import { countActions } from './journey/count-actions';
import { naiveEvent, naiveOrderJourney, naiveSupportTicket } from './journey/naive-workflows';

const HOUR = 3_600_000;
const TARGET_ACTIONS = 10;
const config = loadConfig({ env: {} });

/** Day 1 10:00 Shanghai: placed; shipped 2 h later; a scan every 4 h; delivered 44 h after placing. */
const T0 = Date.parse('2026-05-04T10:00:00+08:00');
/** A ticket opened at 14:00 New York on a weekday, answered 20 minutes after its 1 h SLA, resolved the next day. */
const TICKET_AT = Date.parse('2026-05-04T14:00:00-04:00');

function journeyEvents(): { at: number; line: Record<string, unknown> }[] {
  const ev = (at: number, type: string, data: Record<string, unknown>) => ({
    at,
    line: { id: randomUUID(), type, occurredAt: new Date(at).toISOString(), data },
  });
  const order = { orderId: 'o-bench' };
  const shipment = { ...order, shipmentId: 's-bench' };
  return [
    ev(T0 - HOUR, 'customer.upserted', {
      customerId: 'c-bench',
      name: '王芳',
      phone: '+8613800138000',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      preferredChannel: 'sms',
      consents: { marketing: false },
    }),
    ev(T0, 'order.placed', {
      ...order,
      customerId: 'c-bench',
      items: [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }],
    }),
    ev(T0 + 2 * HOUR, 'shipment.created', { ...shipment, carrier: 'SF', trackingNumber: 'SF1234567890' }),
    ...Array.from({ length: 10 }, (_, i) =>
      ev(T0 + (6 + 4 * i) * HOUR, 'shipment.scan', { ...shipment, status: 'in_transit', location: `hub ${i + 1}` }),
    ),
    ev(T0 + 44 * HOUR, 'shipment.delivered', shipment),
  ];
}

function ticketEvents(): { at: number; line: Record<string, unknown> }[] {
  const ev = (at: number, type: string, data: Record<string, unknown>) => ({
    at,
    line: { id: randomUUID(), type, occurredAt: new Date(at).toISOString(), data },
  });
  return [
    ev(TICKET_AT - HOUR, 'customer.upserted', {
      customerId: 'c-ticket',
      name: 'Dana Reyes',
      email: 'dana@example.com',
      locale: 'en',
      timezone: 'America/New_York',
      preferredChannel: 'email',
      consents: { marketing: false },
    }),
    ev(TICKET_AT, 'ticket.opened', {
      ticketId: 't-bench',
      customerId: 'c-ticket',
      priority: 'normal',
      channel: 'email',
      subject: 'The fan stopped working',
    }),
    ev(TICKET_AT + 80 * 60_000, 'ticket.agent_replied', { ticketId: 't-bench', agentId: 'agent-7' }),
    ev(TICKET_AT + 21 * HOUR, 'ticket.resolved', { ticketId: 't-bench', resolution: 'info' }),
  ];
}

function toSteps(events: { at: number; line: Record<string, unknown> }[]): TraceStep[] {
  return events.map(({ at, line }, index) => {
    const parsed = parseTraceLine(line);
    if (!parsed.ok) throw new Error(`bench trace line ${index + 1}: ${JSON.stringify(parsed.errors)}`);
    return { line: index + 1, at, event: parsed.event };
  });
}

interface Measured {
  readonly actions: number;
  readonly events: number;
}

async function measureOurs(): Promise<{ journey: Measured; ticket: Measured }> {
  const measured: Record<string, Measured> = {};
  const steps = toSteps([...journeyEvents(), ...ticketEvents()]).sort((a, b) => a.at - b.at);
  await runSimulation(config, steps, {
    beforeTeardown: async (env) => {
      for await (const execution of env.client.workflow.list()) {
        const history = await env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
        measured[execution.workflowId] = countActions(history);
      }
    },
  });
  const journey = measured['order:o-bench'];
  const ticket = measured['ticket:t-bench'];
  if (!journey || !ticket) throw new Error(`missing histories: ${Object.keys(measured).join(', ')}`);
  return { journey, ticket };
}

/** Stand-ins for the naive variant's activities: they only need to answer; the bench counts actions, not sends. */
const naiveActivities: NotifyActivities = {
  notify: (i) => Promise.resolve({ status: 'sent', channel: 'sms', notificationKey: i.key }),
  planSend: (i) => {
    const window = config.policy.windows[config.policy.classes[i.purpose]];
    const plan = planSend(
      { now: i.notBefore, zone: 'Asia/Shanghai', window, ...(i.delay ? { delay: i.delay } : {}) },
      config.policy,
    );
    return Promise.resolve({ sendAt: plan.sendAt, localTime: plan.localTime, zone: plan.zone });
  },
  alertStaff: () => Promise.resolve(),
  recordAction: () => Promise.resolve(),
  shipmentProgress: () => Promise.resolve({ lastProgressAt: null }),
  recordTicket: () => Promise.resolve(),
  recordSurveyResponse: () => Promise.resolve(),
};

async function measureNaive(): Promise<{ journey: Measured; ticket: Measured }> {
  const env = await createTestEnv({ extraArgs: ['--start-time', new Date(T0 - HOUR).toISOString()] });
  try {
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./journey/naive-workflows'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    const taskQueue = 'naive-bench';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: naiveActivities,
    });
    return await worker.runUntil(async () => {
      const journey = await env.client.workflow.start(naiveOrderJourney, {
        workflowId: 'naive-order',
        taskQueue,
        args: ['o-bench', 'c-bench'],
      });
      const ticket = await env.client.workflow.start(naiveSupportTicket, {
        workflowId: 'naive-ticket',
        taskQueue,
        args: ['t-bench', 'c-ticket'],
      });
      const signals = [
        ...journeyEvents()
          .slice(1)
          .map((e) => ({ at: e.at, handle: journey, type: String(e.line.type) })),
        ...ticketEvents()
          .slice(2)
          .map((e) => ({ at: e.at, handle: ticket, type: String(e.line.type) })),
      ].sort((a, b) => a.at - b.at);
      for (const signal of signals) {
        const now = await env.currentTimeMs();
        if (signal.at > now) await env.sleep(signal.at - now);
        await signal.handle.signal(naiveEvent, { type: signal.type, at: signal.at });
      }
      await journey.result();
      await ticket.result();
      return {
        journey: countActions(await journey.fetchHistory()),
        ticket: countActions(await ticket.fetchHistory()),
      };
    });
  } finally {
    await env.teardown();
  }
}

async function main(): Promise<void> {
  const ours = await measureOurs();
  const naive = await measureNaive();
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const row = (name: string, o: Measured, n: Measured) =>
    `${name.padEnd(34)} ${String(o.actions).padStart(7)} ${String(n.actions).padStart(7)} ${ratio(o.actions, n.actions).padStart(6)}   ` +
    `${String(o.events).padStart(6)} ${String(n.events).padStart(6)} ${ratio(o.events, n.events).padStart(6)}`;
  process.stdout.write(
    [
      `${''.padEnd(34)} ${'actions'.padStart(7)} ${'naive'.padStart(7)} ${'ratio'.padStart(6)}   ${'events'.padStart(6)} ${'naive'.padStart(6)} ${'ratio'.padStart(6)}`,
      row('standard journey (10 scans, guide)', ours.journey, naive.journey),
      row('ticket (breach, check-in)', ours.ticket, naive.ticket),
      '',
      `standard journey: ${ours.journey.actions} actions (target ≤ ${TARGET_ACTIONS}: ${ours.journey.actions <= TARGET_ACTIONS ? 'met' : 'MISSED'}), ` +
        `${ratio(ours.journey.actions, naive.journey.actions)} of the naive variant (target ≤ 0.50: ${ours.journey.actions * 2 <= naive.journey.actions ? 'met' : 'MISSED'})`,
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

import { DateTime } from 'luxon';
import { routeEvent, type RouterDeps } from '../../api/ingest/route-event';
import { loadConfig } from '../../config/load';
import type { NotificationRow } from '../../db/tables/notifications';
import type { NotifyEvent } from '../../domain/events';
import {
  customerUpserted,
  newId,
  orderPlaced,
  phoneNumber,
  shipmentCreated,
  shipmentException,
  ticketOpened,
} from './harness/events';
import { type FaultStack, openFaultStack } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil } from './harness/wait';

/**
 * Reliability 5 / 17: the worker can do nothing from 20:50 to 08:30 recipient-local (Asia/Shanghai, transactional
 * window 08:00-21:00), with time skipped over the night. Nothing may go out, or even be attempted, in between; what
 * fell due meanwhile goes out once after 08:00.
 *
 * How the outage is made: temporal-lite, like Java's test server, will not move time while a workflow task waits for
 * a worker, so a killed worker would freeze the clock at the first timer of the night. The outage is instead the
 * worker's provider being unreachable (the Twilio gate answers 503 to every create): sends fail and back off, which
 * releases the time-skipping lock, so `env.sleep` can carry the clock through the night while the worker still runs
 * workflow tasks. Three messages are exposed to it: an exception apology due at 20:50 (its retries run past 21:00,
 * where the send-time window check must defer it instead of calling the provider at night), a ticket's holding
 * message at the SLA breach (21:40) and a stall notice (threshold 2 h here: 22:40). Events are routed in-process
 * through the API's own `routeEvent`, at Temporal's time, since `notify api` would judge them by the wall clock.
 */
const ZONE = 'Asia/Shanghai';
// Monday 2026-03-02 20:40 in Shanghai.
const START = '2026-03-02T12:40:00Z';
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const OUTAGE_STARTS = local('2026-03-02T20:50');
const WINDOW_CLOSES = local('2026-03-02T21:00');
const WINDOW_OPENS = local('2026-03-03T08:00');
const OUTAGE_ENDS = local('2026-03-03T08:30');

let stack: FaultStack;
let router: RouterDeps;
beforeAll(async () => {
  stack = await openFaultStack({
    workers: 1,
    temporalArgs: ['--start-time', START],
    config: [[['policy', 'stall', 'threshold'], '2h']],
  });
  await stack.startAll();
  const config = loadConfig({ file: stack.configPath, env: {} });
  router = {
    db: stack.db,
    workflows: stack.env.client.workflow,
    taskQueue: config.temporal.taskQueue,
    policy: config.policy,
    source: 'test',
    clock: () => new Date(),
  };
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

async function route(event: Record<string, unknown>): Promise<void> {
  const now = new Date(await stack.env.currentTimeMs());
  const outcome = await routeEvent(router, { ...event, occurredAt: now.toISOString() } as NotifyEvent, now);
  expect(outcome.status).toBe('accepted');
}

/** Skips virtual time to `atMs` (the clock may only move forward). */
async function sleepUntil(atMs: number): Promise<void> {
  const now = await stack.env.currentTimeMs();
  if (atMs > now) await stack.env.sleep(atMs - now);
}

async function rows(): Promise<NotificationRow[]> {
  return await stack.db.selectFrom('notifications').selectAll().where('customer_id', 'is not', null).execute();
}

const localTime = (at: Date | null) =>
  at ? DateTime.fromJSDate(at, { zone: ZONE }).toFormat('yyyy-LL-dd HH:mm') : '-';

it('sends nothing while the worker is out overnight and everything due once after 08:00', async () => {
  const customerId = newId('c');
  const orderId = newId('o');
  const shipmentId = newId('s');
  const ticketId = newId('t');
  let outage = false;
  let createsInOutage = 0;
  stack.twilio.onCreate = () => {
    if (!outage) return { kind: 'pass' };
    createsInOutage += 1;
    return { kind: 'error', status: 503, code: 20503 };
  };

  await route(customerUpserted({ customerId, phone: phoneNumber(3), timezone: ZONE }));
  await route(orderPlaced(orderId, customerId));
  await route(shipmentCreated(orderId, shipmentId));
  await route(ticketOpened(ticketId, customerId));
  await waitUntil('the ticket acknowledgement at 20:40', () => (stack.fake.messages.length >= 1 ? true : undefined), {
    timeoutMs: 60_000,
  });

  await sleepUntil(OUTAGE_STARTS);
  outage = true;
  await route(shipmentException(orderId, shipmentId));
  await sleepUntil(WINDOW_CLOSES + 60_000);
  const attemptsByClose = createsInOutage;
  expect(attemptsByClose).toBeGreaterThan(0);

  await sleepUntil(WINDOW_OPENS - 60_000);
  expect(createsInOutage).toBe(attemptsByClose);
  expect(stack.fake.messages).toHaveLength(1);

  await sleepUntil(OUTAGE_ENDS);
  expect(createsInOutage).toBeGreaterThan(attemptsByClose);
  outage = false;
  await sleepUntil(OUTAGE_ENDS + 15 * 60_000);

  const purposes = ['ticket.ack', 'shipment.exception', 'ticket.sla_holding', 'shipment.stalled'];
  const sent = await waitUntil(
    'the three night messages sent after 08:00',
    async () => {
      const found = (await rows()).filter((r) => r.status === 'queued' || r.status === 'sent');
      return found.length >= purposes.length ? found : undefined;
    },
    {
      timeoutMs: 60_000,
      describe: async () =>
        JSON.stringify((await rows()).map((r) => [r.purpose, r.status, r.refusal_reason, localTime(r.sent_at)])),
    },
  );
  expect(sent.map((r) => r.purpose).sort()).toEqual([...purposes].sort());
  const perKey = messagesPerKey(stack.fake);
  expect(new Set(perKey.keys())).toEqual(new Set(sent.map((r) => r.idempotency_key)));
  expect([...perKey.values()].filter((n) => n !== 1)).toEqual([]);
  for (const row of sent) {
    const at = (row.sent_at as Date).getTime();
    if (row.purpose === 'ticket.ack') expect(at).toBeLessThan(OUTAGE_STARTS);
    else expect([row.purpose, at >= OUTAGE_ENDS]).toEqual([row.purpose, true]);
  }
}, 300_000);

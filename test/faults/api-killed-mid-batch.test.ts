import { sql } from 'kysely';
import {
  customerUpserted,
  newId,
  orderPlaced,
  phoneNumber,
  shipmentCreated,
  shipmentException,
  ticketOpened,
  zoneAtLocalHour,
} from './harness/events';
import { type FaultStack, openFaultStack, postEvents } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil } from './harness/wait';

/**
 * Reliability 14 / 15 / 1: `notify api` (a real process) is SIGKILLed in the middle of a batch: the event log holds
 * the batch's ids, some applied, some not. The sender re-posts the same batch to the restarted API, then once more
 * after everything settled. Each shipment's exception arrives before its creation (out of order). Every event must be applied once:
 * each order's exception apology and each ticket's acknowledgement reaches the Twilio fake exactly once, and nothing
 * recorded by the killed request is answered "duplicate" without having been applied.
 */
const ORDERS = 100;
const TICKETS = 50;
const MINUTE = 60_000;

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1, apis: 1 });
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

function at(event: Record<string, unknown>, ms: number): Record<string, unknown> {
  return { ...event, occurredAt: new Date(ms).toISOString() };
}

async function recordedEvents(): Promise<number> {
  const row = await sql<{ n: string }>`select count(*) as n from ingest_events`.execute(stack.db);
  return Number(row.rows[0]?.n ?? 0);
}

it('applies every event of a batch whose API died mid-request exactly once when the batch is re-posted', async () => {
  const api = stack.apis[0];
  const url = stack.apiUrls[0];
  if (!api || !url) throw new Error('no api');
  const timezone = zoneAtLocalHour(12);
  const run = newId('r');
  const customers = Array.from({ length: ORDERS + TICKETS }, (_, i) => ({
    customerId: `c-${run}-${i}`,
    phone: phoneNumber(20_000 + i),
  }));
  const first = await postEvents(
    url,
    customers.map((c) => customerUpserted({ ...c, timezone })),
  );
  expect(first.status).toBe(202);
  const customerEvents = await recordedEvents();

  const t0 = Date.now() - 10 * MINUTE;
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < ORDERS; i += 1) {
    const orderId = `o-${run}-${i}`;
    const shipmentId = `s-${run}-${i}`;
    const customerId = customers[i]?.customerId as string;
    // The shipment's exception before its creation (a carrier feed overtaking the shop's).
    batch.push(
      at(orderPlaced(orderId, customerId), t0),
      at(shipmentException(orderId, shipmentId), t0 + 2 * MINUTE),
      at(shipmentCreated(orderId, shipmentId), t0 + MINUTE),
    );
  }
  for (let i = 0; i < TICKETS; i += 1) {
    batch.push(ticketOpened(`t-${run}-${i}`, customers[ORDERS + i]?.customerId as string));
  }

  const posting = postEvents(url, batch).then(
    () => 'answered',
    () => 'connection lost',
  );
  const recordedAtKill = await waitUntil(
    'the batch to reach the event log',
    async () => {
      const n = await recordedEvents();
      return n > customerEvents ? n : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 10 },
  );
  await api.kill();
  expect(await posting).toBe('connection lost');
  const startedAtKill = stack.fake.requests.length;
  // The fault must land mid-request: the batch recorded, its sends not all made.
  expect(recordedAtKill).toBeGreaterThan(customerEvents);
  expect(startedAtKill).toBeLessThan(ORDERS + TICKETS);

  await api.start();
  const again = await postEvents(url, batch);
  expect(again.status).toBe(202);
  expect(again.results.filter((r) => r.status === 'rejected')).toEqual([]);

  const expected = ORDERS + TICKETS;
  await waitUntil(
    'one message per order and per ticket at the Twilio fake',
    () => (stack.fake.messages.length >= expected ? true : undefined),
    {
      timeoutMs: 120_000,
      intervalMs: 250,
      describe: async () => {
        const rows = await stack.db
          .selectFrom('notifications')
          .select(['purpose', 'status'])
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .groupBy(['purpose', 'status'])
          .execute();
        return `${stack.fake.messages.length} of ${expected} messages; outbox ${JSON.stringify(rows)}`;
      },
    },
  );
  const resent = await postEvents(url, batch);
  expect(resent.status).toBe(202);
  expect(resent.results.every((r) => r.status === 'duplicate')).toBe(true);

  const settledRows = () =>
    stack.db
      .selectFrom('notifications')
      .select(['idempotency_key', 'purpose', 'status'])
      .where('status', 'in', ['queued', 'sent'])
      .execute();
  const rows = await waitUntil(
    'every outbox row to settle',
    async () => {
      const found = await settledRows();
      return found.length >= expected ? found : undefined;
    },
    { timeoutMs: 30_000, describe: async () => `${(await settledRows()).length} of ${expected} rows` },
  );
  expect(rows.filter((r) => r.purpose === 'shipment.exception')).toHaveLength(ORDERS);
  expect(rows.filter((r) => r.purpose === 'ticket.ack')).toHaveLength(TICKETS);
  const perKey = messagesPerKey(stack.fake);
  expect(new Set(perKey.keys())).toEqual(new Set(rows.map((r) => r.idempotency_key)));
  expect([...perKey.values()].filter((n) => n !== 1)).toEqual([]);
  expect(stack.fake.messages).toHaveLength(expected);
  // Every id of the batch is in the event log, and each order's journey saw its shipment.
  const logged = await sql<{ n: string }>`select count(*) as n from ingest_events`.execute(stack.db);
  expect(Number(logged.rows[0]?.n)).toBe(customerEvents + batch.length);
  const shipments = await stack.db.selectFrom('shipments').select('id').execute();
  expect(shipments).toHaveLength(ORDERS);
}, 300_000);

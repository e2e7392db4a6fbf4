import { sql } from 'kysely';
import {
  customerUpserted,
  newId,
  orderPlaced,
  phoneNumber,
  shipmentCreated,
  ticketOpened,
  zoneAtLocalHour,
} from './harness/events';
import { type FaultStack, openFaultStack, postEvents, postInboundSms } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil } from './harness/wait';

/**
 * Reliability 19: two worker processes and two `notify api` processes on one Postgres and one Temporal. Batches of
 * events go to both APIs at once (every fourth batch to both, so the edges also race on the same ids), and every
 * customer reply (same MessageSid) to both. 1,000 orders stall, 100 tickets are acknowledged, 100 stall notices are
 * answered "1". Each message must reach the Twilio fake once and each reply be routed once. NOTIFY_FAULTS_SCALE_ORDERS
 * changes the number of orders (tickets and replies are a tenth of it).
 *
 * The stall threshold is 30 s here (an edited temporal.yaml) and time is not skipped: `notify api` routes a reply
 * by comparing the prompt's claim time with its own wall clock, so Temporal's time must stay with the wall's.
 */
const ORDERS = Number(process.env.NOTIFY_FAULTS_SCALE_ORDERS ?? 1_000);
const TICKETS = Math.round(ORDERS / 10);
const REPLIES = Math.round(ORDERS / 10);
const BATCH = 250;

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({
    workers: 2,
    apis: 2,
    config: [[['policy', 'stall', 'threshold'], '30s']],
    realTime: true,
  });
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

/** Distinct event ids posted so far. */
let postedIds = 0;

/**
 * Posts `events` in batches, two at a time, one to each API; every fourth batch goes to both APIs at once, so the two
 * edges also race on the same ids. Returns every answer's statuses.
 */
async function postToAll(events: readonly Record<string, unknown>[]): Promise<string[]> {
  const statuses: string[] = [];
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < events.length; start += BATCH) batches.push(events.slice(start, start + BATCH));
  const post = async (batch: Record<string, unknown>[], index: number) => {
    const urls = index % 4 === 0 ? stack.apiUrls : [stack.apiUrls[index % stack.apiUrls.length] as string];
    const answers = await Promise.all(urls.map((url) => postEvents(url, batch)));
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      statuses.push(...answer.results.map((r) => r.status));
    }
    postedIds += batch.length;
  };
  for (let index = 0; index < batches.length; index += 2) {
    await Promise.all(batches.slice(index, index + 2).map((batch, offset) => post(batch, index + offset)));
  }
  return statuses;
}
async function countRows(purpose: string): Promise<number> {
  const row = await stack.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('purpose', '=', purpose)
    .where('status', 'in', ['queued', 'sent'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function progress(): Promise<string> {
  const rows = await stack.db
    .selectFrom('notifications')
    .select(['purpose', 'status'])
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .groupBy(['purpose', 'status'])
    .execute();
  return `${stack.fake.messages.length} messages at the fake; outbox ${JSON.stringify(rows)}`;
}

async function waitForRows(purpose: string, count: number, timeoutMs: number): Promise<void> {
  await waitUntil(
    `${count} ${purpose} messages recorded`,
    async () => ((await countRows(purpose)) >= count ? true : undefined),
    { timeoutMs, intervalMs: 500, describe: progress },
  );
}

it('sends every message once and routes every reply once with two workers and two APIs', async () => {
  const started = Date.now();
  const run = newId('x');
  const timezone = zoneAtLocalHour(12);
  const customers = Array.from({ length: ORDERS }, (_, i) => ({
    customerId: `c-${run}-${i}`,
    phone: phoneNumber(30_000 + i),
    orderId: `o-${run}-${i}`,
  }));
  const customerStatuses = await postToAll(customers.map((c) => customerUpserted({ ...c, timezone })));
  const journeyEvents = customers.flatMap((c, i) => [
    orderPlaced(c.orderId, c.customerId),
    shipmentCreated(c.orderId, `s-${run}-${i}`),
  ]);
  const tickets = customers.slice(0, TICKETS).map((c, i) => ticketOpened(`t-${run}-${i}`, c.customerId));
  const journeyStatuses = await postToAll([...journeyEvents, ...tickets]);
  const statuses = [...customerStatuses, ...journeyStatuses];
  expect(statuses.filter((s) => s !== 'accepted' && s !== 'duplicate')).toEqual([]);
  const ingested = Date.now();

  await waitForRows('shipment.stalled', ORDERS, 240_000);
  await waitForRows('ticket.ack', TICKETS, 60_000);
  const stalled = Date.now();

  const repliers = customers.slice(0, REPLIES);
  for (let start = 0; start < repliers.length; start += 50) {
    await Promise.all(
      repliers.slice(start, start + 50).flatMap((c, i) => {
        const sid = `SM${run.replace(/\W/g, '')}${String(start + i).padStart(8, '0')}`;
        return stack.apiUrls.map(async (url) => expect(await postInboundSms(url, c.phone, '1', sid)).toBe(200));
      }),
    );
  }
  await waitForRows('reply.ack', REPLIES, 120_000);
  const replied = Date.now();

  const expected = ORDERS + TICKETS + REPLIES;
  await waitUntil(
    'every message at the Twilio fake',
    () => (stack.fake.messages.length >= expected ? true : undefined),
    {
      timeoutMs: 30_000,
      describe: progress,
    },
  );
  const perKey = messagesPerKey(stack.fake);
  expect([...perKey.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect(stack.fake.messages).toHaveLength(expected);
  const sent = await stack.db
    .selectFrom('notifications')
    .select(['idempotency_key', 'purpose'])
    .where('status', 'in', ['queued', 'sent'])
    .execute();
  expect(new Set(sent.map((r) => r.idempotency_key))).toEqual(new Set(perKey.keys()));
  expect(await countRows('shipment.stalled')).toBe(ORDERS);
  expect(await countRows('ticket.ack')).toBe(TICKETS);
  expect(await countRows('reply.ack')).toBe(REPLIES);

  // Each reply stored once, routed to its own order's journey, acted on once.
  const inbound = await stack.db.selectFrom('inbound_messages').select(['handled_as', 'matched_workflow_id']).execute();
  expect(inbound).toHaveLength(REPLIES);
  expect(inbound.filter((m) => m.handled_as !== 'reply')).toEqual([]);
  expect(new Set(inbound.map((m) => m.matched_workflow_id))).toEqual(
    new Set(repliers.map((c) => `order:${c.orderId}`)),
  );
  const chases = await sql<{ order_id: string; n: string }>`
    select order_id, count(*) as n from service_actions where action = 'carrier.chase' group by order_id`.execute(
    stack.db,
  );
  expect(chases.rows).toHaveLength(REPLIES);
  expect(chases.rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
  // Every event id is in the log once (it is the primary key), whichever API took it.
  const logged = await sql<{ n: string }>`select count(*) as n from ingest_events`.execute(stack.db);
  expect(Number(logged.rows[0]?.n)).toBe(postedIds);

  process.stdout.write(
    `scale-out: ${ORDERS} orders; ingest ${ingested - started} ms, stalls and acks ${stalled - ingested} ms, ` +
      `replies ${replied - stalled} ms\n`,
  );
}, 600_000);

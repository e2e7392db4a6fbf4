import { customerUpserted, newId, orderPlaced, phoneNumber, shipmentCreated, zoneAtLocalHour } from './harness/events';
import { type FaultStack, openFaultStack, postEvents } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil } from './harness/wait';

/**
 * Reliability 14 / 5: the test's own Postgres is stopped (immediate shutdown: every connection cut) for 10 s while
 * stall notices fall due, then started again. The sends fail and retry with backoff; once the database is back each
 * notice must go out exactly once, and none may be lost.
 *
 * Time is not skipped: an outage is measured in wall time, and skipping would let the sends' retry backoff run
 * through hours of virtual time (and their 2-hour schedule-to-close limit) during 10 real seconds. The stall
 * threshold is 8 s here (an edited temporal.yaml), so the notices fall due inside the outage.
 */
const ORDERS = 5;
const OUTAGE_MS = 10_000;

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1, apis: 1, config: [[['policy', 'stall', 'threshold'], '8s']] });
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

async function stallRows() {
  return await stack.db
    .selectFrom('notifications')
    .select(['idempotency_key', 'status', 'provider_message_id', 'duplicate_count'])
    .where('purpose', '=', 'shipment.stalled')
    .execute();
}

it('sends each stall notice due while Postgres was down exactly once after it is back', async () => {
  const run = newId('p');
  const timezone = zoneAtLocalHour(12);
  const events = Array.from({ length: ORDERS }, (_, i) => {
    const customerId = `c-${run}-${i}`;
    const orderId = `o-${run}-${i}`;
    return [
      customerUpserted({ customerId, phone: phoneNumber(40_000 + i), timezone }),
      orderPlaced(orderId, customerId),
      shipmentCreated(orderId, `s-${run}-${i}`),
    ];
  }).flat();
  const answer = await postEvents(stack.apiUrls[0] as string, events);
  expect(answer.status).toBe(202);
  expect(answer.results.every((r) => r.status === 'accepted')).toBe(true);

  const stoppedAt = Date.now();
  await stack.postgres.halt();
  // The outage itself is the fault: 10 s of wall time with the database unreachable.
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  expect(stack.fake.messages).toHaveLength(0);
  await stack.postgres.resume();
  const resumedAt = Date.now();

  const rows = await waitUntil(
    `${ORDERS} stall notices sent after the database came back`,
    async () => {
      const found = await stallRows().catch(() => []);
      return found.length === ORDERS && found.every((r) => r.status !== 'claimed') ? found : undefined;
    },
    {
      timeoutMs: 120_000,
      intervalMs: 500,
      describe: async () => `${JSON.stringify(await stallRows().catch(String))}; fake ${stack.fake.messages.length}`,
    },
  );
  expect(resumedAt - stoppedAt).toBeGreaterThanOrEqual(OUTAGE_MS);
  expect(rows.filter((r) => (r.status !== 'queued' && r.status !== 'sent') || r.duplicate_count !== 0)).toEqual([]);
  const perKey = messagesPerKey(stack.fake);
  expect(new Set(perKey.keys())).toEqual(new Set(rows.map((r) => r.idempotency_key)));
  expect([...perKey.values()].filter((n) => n !== 1)).toEqual([]);
  expect(stack.fake.messages).toHaveLength(ORDERS);
  expect(new Set(rows.map((r) => r.provider_message_id))).toEqual(new Set(stack.fake.messages.map((m) => m.sid)));
  // The notices fell due inside the outage: their sends failed there and succeeded on a later attempt.
  const history = await stack.env.client.workflow.getHandle(`order:o-${run}-0`).fetchHistory();
  const attempts = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0);
  expect(Math.max(...attempts)).toBeGreaterThan(1);
}, 240_000);

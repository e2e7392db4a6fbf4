import type { NotificationRow } from '../../db/tables/notifications';
import { customerUpserted, newId, phoneNumber, ticketOpened, zoneAtLocalHour } from './harness/events';
import { type FaultStack, openFaultStack, postEvents } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil, withTimeout } from './harness/wait';

/**
 * Reliability 14 / 2: the worker process is SIGKILLed while the Twilio fake is taking its send. The fake then stores
 * the message (Twilio accepted it; nobody is left to record the SID). The restarted worker's retry, once the dead
 * attempt's start-to-close timeout (1 minute, wall time: a running activity holds temporal-lite's time-skipping
 * lock) lets Temporal retry it, must find the message at the provider instead of sending it again.
 */
let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1, apis: 1 });
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

function outboxRow(key: string): Promise<NotificationRow | undefined> {
  return stack.db.selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

it('sends an SMS whose worker died at the provider call exactly once, and records it as reconciled', async () => {
  const customerId = newId('c');
  const ticketId = newId('t');
  const phone = phoneNumber(1);
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  let heldKey: string | undefined;
  const arrived = new Promise<string>((resolve) => {
    stack.twilio.onCreate = (request) => {
      if (request.to !== phone || heldKey !== undefined || request.key === undefined) return { kind: 'pass' };
      heldKey = request.key;
      resolve(request.key);
      return { kind: 'hold', until };
    };
  });

  const answer = await postEvents(stack.apiUrls[0] as string, [
    customerUpserted({ customerId, phone, timezone: zoneAtLocalHour(12) }),
    ticketOpened(ticketId, customerId),
  ]);
  expect(answer.status).toBe(202);

  const key = await withTimeout(arrived, 60_000, 'the ticket.ack create at the Twilio gate');
  const worker = stack.workers[0];
  if (!worker) throw new Error('no worker');
  await worker.kill();
  release();
  await waitUntil('the fake to store the held message', () => (stack.fake.messages.length > 0 ? true : undefined), {
    timeoutMs: 10_000,
  });
  expect((await outboxRow(key))?.status).toBe('claimed');

  await worker.start();
  const settled = await waitUntil(
    `the outbox row ${key} to settle`,
    async () => {
      const row = await outboxRow(key);
      return row && row.status !== 'claimed' ? row : undefined;
    },
    { timeoutMs: 150_000, intervalMs: 500, describe: async () => JSON.stringify(await outboxRow(key)) },
  );
  const atFake = stack.fake.messages.filter((m) => m.to === phone);
  expect(atFake).toHaveLength(1);
  expect(messagesPerKey(stack.fake).get(key)).toBe(1);
  expect(settled).toMatchObject({
    status: expect.stringMatching(/^(queued|sent)$/),
    provider_message_id: atFake[0]?.sid,
    duplicate_count: 0,
  });
  expect(settled.reconciled_at).not.toBeNull();
}, 240_000);

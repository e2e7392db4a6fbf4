import { PROVIDER_TIMEOUTS } from '../../channels/provider-timeouts';
import type { NotificationRow } from '../../db/tables/notifications';
import { customerUpserted, newId, phoneNumber, ticketOpened, zoneAtLocalHour } from './harness/events';
import { type FaultStack, openFaultStack, postEvents } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil, withTimeout } from './harness/wait';

/**
 * Reliability 14 / 18 / 3 / 4: providers that fail, hang and come back, with one send through each.
 *
 * - Twilio answers 500 twice, then takes the third create but answers only after the client's timeout (10 s), and
 *   stores it then: Twilio has a message the sender gave up on. The retry must find it, not send another.
 * - The SMTP relay is down, then back but holding its answer to DATA for 65 s (slower than the 60 s claim lease;
 *   notify's SMTP timeouts sit below the lease), then answers normally. The stalled message must be the only DATA
 *   for its Message-ID, and the row must not stay `claimed`; a later email goes out normally.
 *
 * Time is not skipped: the faults last wall time, and the sends' leases and timeouts are what is under test.
 */
const RELAY_STALL_MS = 65_000;
const CLAIM_LEASE_MS = 60_000;

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1, apis: 1 });
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const sms = { customerId: newId('c'), ticketId: newId('t'), phone: phoneNumber(2) };
const mail = { customerId: newId('c'), ticketId: newId('t'), email: `${newId('m')}@faults.example` };
const later = { customerId: newId('c'), ticketId: newId('t'), email: `${newId('m')}@faults.example` };
let stalledMessageId: string;
let smsCreates = 0;
let relayAnswered: Promise<void>;

async function ackRow(ticketId: string): Promise<NotificationRow | undefined> {
  return await stack.db
    .selectFrom('notifications')
    .selectAll()
    .where('workflow_id', '=', `ticket:${ticketId}`)
    .where('purpose', '=', 'ticket.ack')
    .executeTakeFirst();
}

async function settledAck(ticketId: string, timeoutMs: number): Promise<NotificationRow> {
  return await waitUntil(
    `ticket ${ticketId}'s acknowledgement to settle`,
    async () => {
      const row = await ackRow(ticketId);
      return row && row.status !== 'claimed' ? row : undefined;
    },
    { timeoutMs, intervalMs: 500, describe: async () => JSON.stringify(await ackRow(ticketId)) },
  );
}

it('puts a failing, hanging Twilio and a down, then stalling, SMTP relay in front of two sends', async () => {
  stack.twilio.onCreate = (request) => {
    if (request.to !== sms.phone) return { kind: 'pass' };
    smsCreates += 1;
    if (smsCreates <= 2) return { kind: 'error', status: 500, code: 20500 };
    if (smsCreates === 3) {
      const after = PROVIDER_TIMEOUTS.twilio.requestTimeoutMs + 1_000;
      return { kind: 'hold', until: new Promise((resolve) => setTimeout(resolve, after)) };
    }
    return { kind: 'pass' };
  };
  let stalled!: (messageId: string) => void;
  const dataArrived = new Promise<string>((resolve) => (stalled = resolve));
  relayAnswered = dataArrived.then(() => new Promise((resolve) => setTimeout(resolve, RELAY_STALL_MS)));
  stack.smtp.onData = (message) => {
    if (!message.to.includes(mail.email) || message.messageId === undefined) return { kind: 'accept' };
    stalled(message.messageId);
    return { kind: 'hold', until: relayAnswered };
  };

  await stack.smtp.down();
  const timezone = zoneAtLocalHour(12);
  const answer = await postEvents(stack.apiUrls[0] as string, [
    customerUpserted({ customerId: sms.customerId, phone: sms.phone, timezone }),
    customerUpserted({ customerId: mail.customerId, email: mail.email, timezone, preferredChannel: 'email' }),
    ticketOpened(sms.ticketId, sms.customerId),
    ticketOpened(mail.ticketId, mail.customerId),
  ]);
  expect(answer.status).toBe(202);
  // Down until a send has found it so: the email's row is claimed and no DATA has arrived.
  await waitUntil(
    'the email send to find the relay down',
    async () => ((await ackRow(mail.ticketId)) ? true : undefined),
    {
      timeoutMs: 30_000,
    },
  );
  expect(stack.smtp.received).toHaveLength(0);
  await stack.smtp.up();
  stalledMessageId = await withTimeout(dataArrived, 60_000, 'the email DATA once the relay is back');
}, 120_000);

it('sends the SMS once after two 500s and a create Twilio stored after the client gave up', async () => {
  const row = await settledAck(sms.ticketId, 120_000);
  expect(smsCreates).toBeGreaterThanOrEqual(3);
  const atFake = stack.fake.messages.filter((m) => m.to === sms.phone);
  expect(atFake).toHaveLength(1);
  expect(messagesPerKey(stack.fake).get(row.idempotency_key)).toBe(1);
  expect(row).toMatchObject({
    status: expect.stringMatching(/^(queued|sent)$/),
    provider_message_id: atFake[0]?.sid,
    duplicate_count: 0,
  });
  expect(row.reconciled_at).not.toBeNull();
}, 150_000);

it('never sends a second DATA for an email whose relay stalled past the claim lease, and settles its row', async () => {
  const row = await settledAck(mail.ticketId, 120_000);
  expect(row.status).not.toBe('claimed');
  await withTimeout(relayAnswered, RELAY_STALL_MS + 10_000, 'the relay to answer the stalled DATA');
  expect(RELAY_STALL_MS).toBeGreaterThan(CLAIM_LEASE_MS);
  // Past the lease, and a new email sent and settled after it: still one DATA for the stalled message.
  await postEvents(stack.apiUrls[0] as string, [
    customerUpserted({
      customerId: later.customerId,
      email: later.email,
      timezone: zoneAtLocalHour(12),
      preferredChannel: 'email',
    }),
    ticketOpened(later.ticketId, later.customerId),
  ]);
  const next = await settledAck(later.ticketId, 60_000);
  expect(next.status).toBe('sent');
  expect(stack.smtp.received.filter((m) => m.to.includes(later.email))).toHaveLength(1);
  expect(stack.smtp.copies(stalledMessageId)).toBe(1);
  expect((await ackRow(mail.ticketId))?.status).not.toBe('claimed');
}, 150_000);

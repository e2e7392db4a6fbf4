import { createCampaign, startCampaign } from '../../client/campaign/operations';
import { loadConfig } from '../../config/load';
import type { NotificationRow } from '../../db/tables/notifications';
import { type CampaignProgress, campaignWorkflowId } from '../../workflows/campaign/contract';
import { customerUpserted, newId, phoneNumber, ticketOpened, zoneAtLocalHour } from './harness/events';
import { type FaultStack, openFaultStack, postEvents } from './harness/fault-stack';
import { messagesPerKey } from './harness/twilio-gate';
import { waitUntil, withTimeout } from './harness/wait';

/**
 * Reliability 14 / 2 / 4 / 11: the worker process is SIGKILLed while three sends are at their providers at once:
 *
 * - an SMS (a ticket acknowledgement) whose create the Twilio gate holds; the fake stores it after the kill, so
 *   Twilio has accepted a message nobody recorded;
 * - an email whose DATA the SMTP server has received in full and not yet answered;
 * - a campaign batch, at its 21st of 60 creates (held like the SMS; others are on the wire).
 *
 * One kill serves the three because recovery waits on wall time: a running activity holds temporal-lite's
 * time-skipping lock, so Temporal retries the dead attempts only when their start-to-close timeouts run out (1 minute
 * for notify, 2 for a campaign batch). Then: the SMS is found at the provider, not resent, and the row says so
 * (reconciled); the email is never sent a second time (SMTP has no lookup: the outcome is recorded as unknown, not
 * left `claimed`); every campaign recipient has exactly one message.
 */
const RECIPIENTS = 60;
const KILL_AT = 21;
const CAMPAIGN = 'faults-killed-batch';

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({ workers: 1, apis: 1 });
  await stack.startAll();
  await seedAudience(RECIPIENTS);
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

const smsCustomer = { customerId: newId('c'), ticketId: newId('t'), phone: phoneNumber(1) };
const emailCustomer = { customerId: newId('c'), ticketId: newId('t'), email: `${newId('m')}@faults.example` };
let smsKey: string;
let emailMessageId: string;

function outboxRow(key: string): Promise<NotificationRow | undefined> {
  return stack.db.selectFrom('notifications').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
}

function ackRow(ticketId: string): Promise<NotificationRow> {
  return stack.db
    .selectFrom('notifications')
    .selectAll()
    .where('workflow_id', '=', `ticket:${ticketId}`)
    .where('purpose', '=', 'ticket.ack')
    .executeTakeFirstOrThrow();
}

async function settledRow(key: string): Promise<NotificationRow> {
  return await waitUntil(
    `the outbox row ${key} to leave 'claimed'`,
    async () => {
      const row = await outboxRow(key);
      return row && row.status !== 'claimed' ? row : undefined;
    },
    { timeoutMs: 150_000, intervalMs: 500, describe: async () => JSON.stringify(await outboxRow(key)) },
  );
}

/** Customers with a FAN-01 order and marketing consent, at midday in their (fixed-offset) zone. */
async function seedAudience(size: number): Promise<void> {
  const at = new Date(Date.now() - 86_400_000);
  const timezone = zoneAtLocalHour(12);
  const ids = Array.from({ length: size }, (_, i) => `c-campaign-${i}`);
  await stack.db
    .insertInto('customers')
    .values(
      ids.map((id, i) => ({
        id,
        name: `Recipient ${i}`,
        phone: phoneNumber(10_000 + i),
        email: null,
        locale: 'en',
        timezone,
        preferred_channel: 'sms' as const,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await stack.db
    .insertInto('orders')
    .values(
      ids.map((id, i) => ({ id: `o-campaign-${i}`, customer_id: id, placed_at: at, created_at: at, updated_at: at })),
    )
    .execute();
  await stack.db
    .insertInto('order_items')
    .values(
      ids.map((_id, i) => ({
        order_id: `o-campaign-${i}`,
        line_no: 1,
        sku: 'FAN-01',
        name: 'Desk fan',
        category: 'small_appliance',
        quantity: 1,
      })),
    )
    .execute();
  await stack.db
    .insertInto('consent_events')
    .values(
      ids.map((id) => ({
        customer_id: id,
        channel: null,
        kind: 'consent_granted' as const,
        purpose_class: 'marketing',
        source: 'cli' as const,
        at,
      })),
    )
    .execute();
}

it('kills the worker while an SMS, an email and a campaign batch are at their providers, and restarts it', async () => {
  let release!: () => void;
  const until = new Promise<void>((resolve) => (release = resolve));
  let campaignCreates = 0;
  let smsHeld = false;
  let campaignReached!: () => void;
  let smsReached!: (key: string) => void;
  const campaignArrived = new Promise<void>((resolve) => (campaignReached = resolve));
  const smsArrived = new Promise<string>((resolve) => (smsReached = resolve));
  stack.twilio.onCreate = (request) => {
    if (request.key?.startsWith('campaign:')) {
      campaignCreates += 1;
      if (campaignCreates !== KILL_AT) return { kind: 'pass' };
      campaignReached();
      return { kind: 'hold', until };
    }
    if (request.to !== smsCustomer.phone || smsHeld || request.key === undefined) return { kind: 'pass' };
    smsHeld = true;
    smsReached(request.key);
    return { kind: 'hold', until };
  };
  const emailArrived = new Promise<string>((resolve) => {
    let seen = 0;
    stack.smtp.onData = (message) => {
      if (!message.to.includes(emailCustomer.email) || message.messageId === undefined) return { kind: 'accept' };
      seen += 1;
      if (seen > 1) return { kind: 'accept' };
      resolve(message.messageId);
      return { kind: 'hold', until };
    };
  });

  const timezone = zoneAtLocalHour(12);
  const answer = await postEvents(stack.apiUrls[0] as string, [
    customerUpserted({ customerId: smsCustomer.customerId, phone: smsCustomer.phone, timezone }),
    customerUpserted({
      customerId: emailCustomer.customerId,
      email: emailCustomer.email,
      timezone,
      preferredChannel: 'email',
    }),
    ticketOpened(smsCustomer.ticketId, smsCustomer.customerId),
    ticketOpened(emailCustomer.ticketId, emailCustomer.customerId),
  ]);
  expect(answer.status).toBe(202);
  const ops = { db: stack.db, client: stack.env.client, config: loadConfig({ env: {} }) };
  await createCampaign(
    ops,
    {
      id: CAMPAIGN,
      name: 'killed mid-batch',
      audience: { skus: ['FAN-01'] },
      variants: [{ name: 'A', weight: 1, template: 'guide_push' }],
      holdoutShare: 0,
      pacing: { messagesPerSecond: 50 },
    },
    { dryRun: false },
  );
  await startCampaign(ops, CAMPAIGN);

  [smsKey, emailMessageId] = await Promise.all([
    withTimeout(smsArrived, 60_000, 'the ticket.ack create at the Twilio gate'),
    withTimeout(emailArrived, 60_000, 'the ticket.ack DATA at the SMTP server'),
    withTimeout(campaignArrived, 60_000, `the ${KILL_AT}th campaign create at the Twilio gate`),
  ]);
  const worker = stack.workers[0];
  if (!worker) throw new Error('no worker');
  await worker.kill();
  release();
  await waitUntil(
    'the fake to store the held SMS',
    () => (stack.fake.messages.some((m) => m.to === smsCustomer.phone) ? true : undefined),
    { timeoutMs: 10_000 },
  );
  expect(await outboxRow(smsKey)).toMatchObject({ status: 'claimed', channel: 'sms' });
  expect(await ackRow(emailCustomer.ticketId)).toMatchObject({ status: 'claimed', channel: 'email' });
  await worker.start();
}, 120_000);

it('finds the SMS at the provider instead of resending it: one message, the row reconciled with its SID', async () => {
  const settled = await settledRow(smsKey);
  const atFake = stack.fake.messages.filter((m) => m.to === smsCustomer.phone);
  expect(atFake).toHaveLength(1);
  expect(messagesPerKey(stack.fake).get(smsKey)).toBe(1);
  expect(settled).toMatchObject({
    status: expect.stringMatching(/^(queued|sent)$/),
    provider_message_id: atFake[0]?.sid,
    duplicate_count: 0,
  });
  expect(settled.reconciled_at).not.toBeNull();
}, 180_000);

it('never sends the email a second time and settles its row', async () => {
  const key = (await ackRow(emailCustomer.ticketId)).idempotency_key;
  const settled = await settledRow(key);
  expect(stack.smtp.copies(emailMessageId)).toBe(1);
  expect(settled.status).not.toBe('claimed');
}, 180_000);

it('completes the campaign with exactly one message per recipient', async () => {
  const result: CampaignProgress = await withTimeout(
    stack.env.client.workflow.getHandle(campaignWorkflowId(CAMPAIGN)).result(),
    300_000,
    'the campaign to complete after the restart',
  );
  expect(result.status).toBe('completed');
  expect(result.counts.sent).toBe(RECIPIENTS);
  const campaignMessages = [...messagesPerKey(stack.fake).entries()].filter(([key]) => key.startsWith('campaign:'));
  expect(campaignMessages).toHaveLength(RECIPIENTS);
  expect(campaignMessages.filter(([, n]) => n !== 1)).toEqual([]);
  const rows = await stack.db
    .selectFrom('notifications')
    .select(['status', 'provider_message_id', 'duplicate_count'])
    .where('workflow_id', '=', campaignWorkflowId(CAMPAIGN))
    .execute();
  expect(rows).toHaveLength(RECIPIENTS);
  expect(rows.filter((r) => !(r.status === 'queued' || r.status === 'sent') || r.duplicate_count !== 0)).toEqual([]);
  const recipientPhones = new Set(Array.from({ length: RECIPIENTS }, (_, i) => phoneNumber(10_000 + i)));
  const campaignSids = stack.fake.messages.filter((m) => recipientPhones.has(m.to)).map((m) => m.sid);
  expect(campaignSids).toHaveLength(RECIPIENTS);
  expect(new Set(rows.map((r) => r.provider_message_id))).toEqual(new Set(campaignSids));
}, 320_000);

import { createActivities, type NotifyActivities } from '../../activities';
import type { NotifyInput } from '../../activities/types';
import { keyFromStatusCallbackUrl } from '../../channels/twilio';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { T0 } from '../db/helpers/times';
import { ActivityRunner } from './helpers/activity-context';
import { type TestChannels, startTestChannels } from './helpers/channels';
import { ManualClock } from './helpers/clock';
import { activityDeps, SHIPPED_POLICY } from './helpers/deps';
import { failureOf, historyTextOf } from './helpers/failures';
import { PHONE, seedCustomer, seedShippedOrder, type ShippedOrder } from './helpers/seed';

const KEY = 'order:o-1001/shipment.stalled/1';
const STALL: NotifyInput = {
  key: KEY,
  workflowId: 'order:o-1001',
  purpose: 'shipment.stalled',
  customerId: 'c-1',
  context: { orderId: 'o-1001', shipmentId: 's-1001' },
  replyWindowMs: SHIPPED_POLICY.stall.replyWindowMs,
};

describe.each(BACKENDS)('notify by SMS through the twilio client and the Twilio fake, outbox on %s', (backend) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let channels: TestChannels;
  let activities: NotifyActivities;
  let runner: ActivityRunner;
  let order: ShippedOrder;

  const creates = () => channels.twilio.requests.filter((r) => r.method === 'POST');

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    await t.clear();
    clock = new ManualClock();
    channels = await startTestChannels(clock);
    activities = createActivities(activityDeps(t.db, channels, clock));
    runner = new ActivityRunner();
    await seedCustomer(t.db);
    order = await seedShippedOrder(t.db);
  });
  afterEach(() => channels.close());

  it('sends the stall notice in zh-CN with the order, carrier, tracking number and the three options', async () => {
    const result = await runner.run(activities.notify, STALL);

    expect(result).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(channels.twilio.messages).toHaveLength(1);
    const [message] = channels.twilio.messages;
    expect(message?.to).toBe(PHONE);
    const body = message?.body ?? '';
    for (const part of [order.orderId, order.carrier, order.trackingNumber, order.lastLocation, '王芳', '优品生活']) {
      expect(body).toContain(part);
    }
    expect(body).toContain('回复1 帮您催快递，2 补发或退款，3 转人工客服。');
    expect(channels.smtp.messages).toHaveLength(0);
    // Every delivery report will name the notification, even if the worker dies before recording the SID.
    expect(keyFromStatusCallbackUrl(message?.statusCallback ?? '')).toBe(KEY);
  });

  it('records the claim and the provider id in the outbox, with the reply window of the prompt', async () => {
    await runner.run(activities.notify, STALL);

    const sid = channels.twilio.messages[0]?.sid;
    expect(await getNotification(t.db, KEY)).toMatchObject({
      workflow_id: 'order:o-1001',
      purpose: 'shipment.stalled',
      customer_id: 'c-1',
      channel: 'sms',
      address: PHONE,
      locale: 'zh-CN',
      body: channels.twilio.messages[0]?.body,
      message_class: 'transactional',
      status: 'queued',
      provider: 'twilio',
      provider_message_id: sid,
      claimed_at: T0,
      sent_at: T0,
      reply_expires_at: new Date(T0.getTime() + SHIPPED_POLICY.stall.replyWindowMs),
    });
  });

  it('sends nothing new when called again with the same key, as a retry or a later attempt', async () => {
    const first = await runner.run(activities.notify, STALL);
    const retried = await runner.run(activities.notify, STALL, { attempt: 2 });
    clock.advance(60 * 60_000);
    const later = await runner.run(activities.notify, STALL);

    expect(retried).toEqual(first);
    expect(later).toEqual(first);
    expect(channels.twilio.messages).toHaveLength(1);
    expect(creates()).toHaveLength(1);
  });

  it('sends each key once: two prompts with different keys are two messages', async () => {
    await runner.run(activities.notify, STALL);
    await runner.run(activities.notify, { ...STALL, key: 'order:o-1001/shipment.stalled/2' });

    expect(channels.twilio.messages).toHaveLength(2);
  });

  describe('when Twilio refuses the number for good', () => {
    it.each([
      ['+15005550001', 21211, 'invalid_number'],
      ['+15005550002', 21612, 'unreachable'],
      ['+15005550003', 21408, 'unreachable'],
      ['+15005550004', 21610, 'opted_out'],
      ['+15005550009', 21614, 'unreachable'],
    ])('%s (%i) fails non-retryably as channel.%s and marks the outbox row failed', async (phone, code, reason) => {
      await seedCustomer(t.db, { phone, email: null, at: T0 });

      const failure = await failureOf(runner.run(activities.notify, STALL));

      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe(`channel.${reason}`);
      expect(failure.details).toEqual([
        expect.objectContaining({ channel: 'sms', kind: 'permanent', reason, providerCode: code }),
      ]);
      expect(await getNotification(t.db, KEY)).toMatchObject({
        status: 'failed',
        error_code: String(code),
        failed_at: T0,
        address: phone,
        provider_message_id: null,
      });
      expect(channels.twilio.messages).toHaveLength(0);
    });

    it('keeps the number out of the failure, its details, its history record and the worker log', async () => {
      await seedCustomer(t.db, { phone: '+15005550001', email: null, at: T0 });

      const failure = await failureOf(runner.run(activities.notify, STALL));

      const digits = '5005550001';
      expect(failure.message).not.toContain(digits);
      expect(JSON.stringify(failure.details)).not.toContain(digits);
      expect(historyTextOf(failure)).not.toContain(digits);
      expect(runner.logs.length).toBeGreaterThan(0);
      expect(runner.logText()).not.toContain(digits);
      // The provider's explanation survives, masked: staff still learn why.
      expect(JSON.stringify(failure.details)).toContain('[number]');
    });

    it('answers a later call with the same key non-retryably again, without calling Twilio', async () => {
      await seedCustomer(t.db, { phone: '+15005550001', email: null, at: T0 });
      await failureOf(runner.run(activities.notify, STALL));

      const again = await failureOf(runner.run(activities.notify, STALL, { attempt: 2 }));

      expect(again.nonRetryable).toBe(true);
      expect(again.type).toBe('channel.invalid_number');
      expect(again.message).not.toContain('5005550001');
      expect(creates()).toHaveLength(1);
      expect((await getNotification(t.db, KEY))?.status).toBe('failed');
    });
  });

  describe('when Twilio is busy or the connection breaks', () => {
    it('treats a 429 burst as retryable and sends exactly one message once it passes', async () => {
      channels.twilio.failNext({ kind: 'error', status: 429, code: 20429, message: 'Too Many Requests', times: 2 });

      const first = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
      const second = await failureOf(runner.run(activities.notify, STALL, { attempt: 2 }));
      const third = await runner.run(activities.notify, STALL, { attempt: 3 });

      for (const failure of [first, second]) {
        expect(failure.nonRetryable).toBe(false);
        expect(failure.type).toBe('channel.rate_limited');
      }
      expect(third).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
      expect(channels.twilio.messages).toHaveLength(1);
      expect(creates().map((r) => r.outcome)).toEqual([429, 429, 201]);
      expect(await getNotification(t.db, KEY)).toMatchObject({
        status: 'queued',
        provider_message_id: channels.twilio.messages[0]?.sid,
      });
    });

    it('leaves the row claimed while the retries run, so no other path sends it meanwhile', async () => {
      channels.twilio.failNext({ kind: 'error', status: 429, code: 20429 });

      await failureOf(runner.run(activities.notify, STALL));

      expect(await getNotification(t.db, KEY)).toMatchObject({ status: 'claimed', provider_message_id: null });
    });

    it('after Twilio accepted the message and the connection dropped, the retry finds it and does not resend', async () => {
      channels.twilio.failNext({ kind: 'accept-then-drop' });

      const dropped = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
      expect(dropped.nonRetryable).toBe(false);
      expect(dropped.details).toEqual([expect.objectContaining({ mayHaveBeenDelivered: true })]);
      expect(channels.twilio.messages).toHaveLength(1);
      expect((await getNotification(t.db, KEY))?.status).toBe('claimed');

      clock.advance(2_000);
      const retried = await runner.run(activities.notify, STALL, { attempt: 2 });

      // Reported, not silent: the workflow and the outbox both say the message was found rather than sent now.
      expect(retried).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY, reconciled: true });
      expect(channels.twilio.messages).toHaveLength(1);
      expect(creates()).toHaveLength(1);
      expect(await getNotification(t.db, KEY)).toMatchObject({
        status: 'queued',
        provider_message_id: channels.twilio.messages[0]?.sid,
        reconciled_at: new Date(T0.getTime() + 2_000),
        duplicate_count: 0,
      });
    });

    it('fails retryably when the retry cannot reach Twilio to look the message up, and sends nothing', async () => {
      channels.twilio.failNext({ kind: 'accept-then-drop' });
      await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
      const cutOff = createActivities(
        activityDeps(t.db, { sms: channels.unreachableSms(), email: channels.email }, clock),
      );

      const lookupFailed = await failureOf(runner.run(cutOff.notify, STALL, { attempt: 2 }));
      const recovered = await runner.run(activities.notify, STALL, { attempt: 3 });

      expect(lookupFailed.nonRetryable).toBe(false);
      expect(lookupFailed.type).toBe('channel.temporary');
      expect(recovered.status).toBe('sent');
      expect(channels.twilio.messages).toHaveLength(1);
      expect(await getNotification(t.db, KEY)).toMatchObject({
        status: 'queued',
        provider_message_id: channels.twilio.messages[0]?.sid,
      });
    });

    it('sends on the retry when the connection dropped before Twilio had the message', async () => {
      channels.twilio.failNext({ kind: 'drop-before-accepting' });

      const dropped = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
      const retried = await runner.run(activities.notify, STALL, { attempt: 2 });

      expect(dropped.nonRetryable).toBe(false);
      expect(retried.status).toBe('sent');
      expect(channels.twilio.messages).toHaveLength(1);
      expect(creates()).toHaveLength(2);
    });

    it('does not mistake an identical earlier text to the same number for the retried one', async () => {
      const ack = (n: number): NotifyInput => ({
        key: `order:o-1001/reply.ack/${n}`,
        workflowId: 'order:o-1001',
        purpose: 'reply.ack',
        customerId: 'c-1',
        context: { orderId: order.orderId },
      });
      await runner.run(activities.notify, ack(1));
      channels.twilio.failNext({ kind: 'error', status: 429, code: 20429 });
      await failureOf(runner.run(activities.notify, ack(2), { attempt: 1 }));

      const retried = await runner.run(activities.notify, ack(2), { attempt: 2 });

      expect(retried.status).toBe('sent');
      const [first, second] = channels.twilio.messages;
      expect(channels.twilio.messages).toHaveLength(2);
      expect(second?.body).toBe(first?.body);
      expect((await getNotification(t.db, ack(1).key))?.provider_message_id).toBe(first?.sid);
      expect((await getNotification(t.db, ack(2).key))?.provider_message_id).toBe(second?.sid);
    });

    it('after an accept-then-drop, picks its own message among identical texts to the same number', async () => {
      const ack = (n: number): NotifyInput => ({
        key: `order:o-1001/reply.ack/${n}`,
        workflowId: 'order:o-1001',
        purpose: 'reply.ack',
        customerId: 'c-1',
        context: { orderId: order.orderId },
      });
      await runner.run(activities.notify, ack(1));
      // A minute apart, so the earlier message is both older and inside the lookup's window.
      clock.advance(60_000);
      channels.twilio.failNext({ kind: 'accept-then-drop' });
      await failureOf(runner.run(activities.notify, ack(2), { attempt: 1 }));

      const retried = await runner.run(activities.notify, ack(2), { attempt: 2 });

      expect(retried.status).toBe('sent');
      expect(channels.twilio.messages).toHaveLength(2);
      expect((await getNotification(t.db, ack(2).key))?.provider_message_id).toBe(channels.twilio.messages[1]?.sid);
    });

    it('treats a full queue (21611) as retryable capacity trouble, leaving the row claimed', async () => {
      const overflowing = createActivities(
        activityDeps(t.db, { sms: channels.overflowingSms(), email: channels.email }, clock),
      );

      const failure = await failureOf(runner.run(overflowing.notify, STALL));

      expect(failure.nonRetryable).toBe(false);
      expect(failure.type).toBe('channel.queue_overflow');
      expect((await getNotification(t.db, KEY))?.status).toBe('claimed');
      expect(channels.twilio.messages).toHaveLength(0);
    });
  });
});

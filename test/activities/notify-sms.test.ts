import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';
import { createActivities } from '../../activities';
import { AMBIGUOUS_SEND_HOLD_MS } from '../../activities/notify/claim';
import type { NotifyInput } from '../../domain/activity-contract';
import { keyFromStatusCallbackUrl } from '../../channels/twilio';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';
import { T0 } from '../db/helpers/times';
import { activityDeps, SHIPPED_POLICY } from './helpers/deps';
import { failureOf, historyTextOf } from './helpers/failures';
import { PHONE, seedCustomer } from './helpers/seed';

const STALL = STALL_NOTICE;
const KEY = STALL.key;

describe.each(BACKENDS)('notify by SMS through the twilio client and the Twilio fake, outbox on %s', (backend) => {
  const s = useNotifySuite(backend);

  it('sends the stall notice in zh-CN with the s.order, carrier, tracking number and the three options', async () => {
    const result = await s.runner.run(s.activities.notify, STALL);

    expect(result).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(s.channels.twilio.messages).toHaveLength(1);
    const [message] = s.channels.twilio.messages;
    expect(message?.to).toBe(PHONE);
    const body = message?.body ?? '';
    for (const part of [
      s.order.orderId,
      s.order.carrier,
      s.order.trackingNumber,
      s.order.lastLocation,
      '王芳',
      '优品生活',
    ]) {
      expect(body).toContain(part);
    }
    expect(body).toContain('回复1 帮您催快递，2 补发或退款，3 转人工客服。');
    expect(s.channels.smtp.messages).toHaveLength(0);
    // Every delivery report will name the notification, even if the worker dies before recording the SID.
    expect(keyFromStatusCallbackUrl(message?.statusCallback ?? '')).toBe(KEY);
  });

  it('records the claim and the provider id in the outbox, with the reply window of the prompt', async () => {
    await s.runner.run(s.activities.notify, STALL);

    const sid = s.channels.twilio.messages[0]?.sid;
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      workflow_id: 'order:o-1001',
      purpose: 'shipment.stalled',
      customer_id: 'c-1',
      channel: 'sms',
      address: PHONE,
      locale: 'zh-CN',
      body: s.channels.twilio.messages[0]?.body,
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
    const first = await s.runner.run(s.activities.notify, STALL);
    const retried = await s.runner.run(s.activities.notify, STALL, { attempt: 2 });
    s.clock.advance(60 * 60_000);
    const later = await s.runner.run(s.activities.notify, STALL);

    expect(retried).toEqual(first);
    expect(later).toEqual(first);
    expect(s.channels.twilio.messages).toHaveLength(1);
    expect(s.creates()).toHaveLength(1);
  });

  it('sends each key once: two prompts with different keys are two messages', async () => {
    await s.runner.run(s.activities.notify, STALL);
    await s.runner.run(s.activities.notify, { ...STALL, key: 'order:o-1001/shipment.stalled/2' });

    expect(s.channels.twilio.messages).toHaveLength(2);
  });

  describe('when Twilio refuses the number for good', () => {
    it.each([
      ['+15005550001', 21211, 'invalid_number'],
      ['+15005550002', 21612, 'unreachable'],
      ['+15005550003', 21408, 'unreachable'],
      ['+15005550004', 21610, 'opted_out'],
      ['+15005550009', 21614, 'unreachable'],
    ])('%s (%i) fails non-retryably as channel.%s and marks the outbox row failed', async (phone, code, reason) => {
      await seedCustomer(s.t.db, { phone, email: null, at: T0 });

      const failure = await failureOf(s.runner.run(s.activities.notify, STALL));

      expect(failure.nonRetryable).toBe(true);
      expect(failure.type).toBe(`channel.${reason}`);
      expect(failure.details).toEqual([
        expect.objectContaining({ channel: 'sms', kind: 'permanent', reason, providerCode: code }),
      ]);
      expect(await getNotification(s.t.db, KEY)).toMatchObject({
        status: 'failed',
        error_code: String(code),
        failed_at: T0,
        address: phone,
        provider_message_id: null,
      });
      expect(s.channels.twilio.messages).toHaveLength(0);
    });

    it('keeps the number out of the failure, its details, its history record and the worker log', async () => {
      await seedCustomer(s.t.db, { phone: '+15005550001', email: null, at: T0 });

      const failure = await failureOf(s.runner.run(s.activities.notify, STALL));

      const digits = '5005550001';
      expect(failure.message).not.toContain(digits);
      expect(JSON.stringify(failure.details)).not.toContain(digits);
      expect(historyTextOf(failure)).not.toContain(digits);
      expect(s.runner.logs.length).toBeGreaterThan(0);
      expect(s.runner.logText()).not.toContain(digits);
      // The provider's explanation survives, masked: staff still learn why.
      expect(JSON.stringify(failure.details)).toContain('[number]');
    });

    it('answers a later call with the same key non-retryably again, without calling Twilio', async () => {
      await seedCustomer(s.t.db, { phone: '+15005550001', email: null, at: T0 });
      await failureOf(s.runner.run(s.activities.notify, STALL));

      const again = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 2 }));

      expect(again.nonRetryable).toBe(true);
      expect(again.type).toBe('channel.invalid_number');
      expect(again.message).not.toContain('5005550001');
      expect(s.creates()).toHaveLength(1);
      expect((await getNotification(s.t.db, KEY))?.status).toBe('failed');
    });
  });

  describe('when Twilio is busy or the connection breaks', () => {
    it('treats a 429 burst as retryable and sends exactly one message once it passes', async () => {
      s.channels.twilio.failNext({ kind: 'error', status: 429, code: 20429, message: 'Too Many Requests', times: 2 });

      const first = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
      const second = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 2 }));
      const third = await s.runner.run(s.activities.notify, STALL, { attempt: 3 });

      for (const failure of [first, second]) {
        expect(failure.nonRetryable).toBe(false);
        expect(failure.type).toBe('channel.rate_limited');
      }
      expect(third).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
      expect(s.channels.twilio.messages).toHaveLength(1);
      expect(s.creates().map((r) => r.outcome)).toEqual([429, 429, 201]);
      expect(await getNotification(s.t.db, KEY)).toMatchObject({
        status: 'queued',
        provider_message_id: s.channels.twilio.messages[0]?.sid,
      });
    });

    it('leaves the row claimed while the retries run, so no other path sends it meanwhile', async () => {
      s.channels.twilio.failNext({ kind: 'error', status: 429, code: 20429 });

      await failureOf(s.runner.run(s.activities.notify, STALL));

      expect(await getNotification(s.t.db, KEY)).toMatchObject({ status: 'claimed', provider_message_id: null });
    });

    it('after Twilio accepted the message and the connection dropped, the retry finds it and does not resend', async () => {
      s.channels.twilio.failNext({ kind: 'accept-then-drop' });

      const dropped = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
      expect(dropped.nonRetryable).toBe(false);
      expect(dropped.details).toEqual([expect.objectContaining({ mayHaveBeenDelivered: true })]);
      expect(s.channels.twilio.messages).toHaveLength(1);
      expect((await getNotification(s.t.db, KEY))?.status).toBe('claimed');

      // The retry comes once the row's hold ends: a request Twilio is still processing has landed by then.
      s.clock.advance(AMBIGUOUS_SEND_HOLD_MS);
      const retried = await s.runner.run(s.activities.notify, STALL, { attempt: 2 });

      // Reported, not silent: the workflow and the outbox both say the message was found rather than sent now.
      expect(retried).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY, reconciled: true });
      expect(s.channels.twilio.messages).toHaveLength(1);
      expect(s.creates()).toHaveLength(1);
      expect(await getNotification(s.t.db, KEY)).toMatchObject({
        status: 'queued',
        provider_message_id: s.channels.twilio.messages[0]?.sid,
        reconciled_at: new Date(T0.getTime() + AMBIGUOUS_SEND_HOLD_MS),
        duplicate_count: 0,
      });
    });

    it('fails retryably when the retry cannot reach Twilio to look the message up, and sends nothing', async () => {
      s.channels.twilio.failNext({ kind: 'accept-then-drop' });
      await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
      s.clock.advance(AMBIGUOUS_SEND_HOLD_MS);
      const cutOff = createActivities(
        activityDeps(s.t.db, { sms: s.channels.unreachableSms(), email: s.channels.email }, s.clock),
      );

      const lookupFailed = await failureOf(s.runner.run(cutOff.notify, STALL, { attempt: 2 }));
      const recovered = await s.runner.run(s.activities.notify, STALL, { attempt: 3 });

      expect(lookupFailed.nonRetryable).toBe(false);
      expect(lookupFailed.type).toBe('channel.temporary');
      expect(recovered.status).toBe('sent');
      expect(s.channels.twilio.messages).toHaveLength(1);
      expect(await getNotification(s.t.db, KEY)).toMatchObject({
        status: 'queued',
        provider_message_id: s.channels.twilio.messages[0]?.sid,
      });
    });

    it('sends on the retry when the connection dropped before Twilio had the message', async () => {
      s.channels.twilio.failNext({ kind: 'drop-before-accepting' });

      const dropped = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
      s.clock.advance(AMBIGUOUS_SEND_HOLD_MS);
      const retried = await s.runner.run(s.activities.notify, STALL, { attempt: 2 });

      expect(dropped.nonRetryable).toBe(false);
      expect(retried.status).toBe('sent');
      expect(s.channels.twilio.messages).toHaveLength(1);
      expect(s.creates()).toHaveLength(2);
    });

    it('does not mistake an identical earlier text to the same number for the retried one', async () => {
      const ack = (n: number): NotifyInput => ({
        key: `order:o-1001/reply.ack/${n}`,
        workflowId: 'order:o-1001',
        purpose: 'reply.ack',
        customerId: 'c-1',
        context: { orderId: s.order.orderId },
      });
      await s.runner.run(s.activities.notify, ack(1));
      s.channels.twilio.failNext({ kind: 'error', status: 429, code: 20429 });
      await failureOf(s.runner.run(s.activities.notify, ack(2), { attempt: 1 }));

      const retried = await s.runner.run(s.activities.notify, ack(2), { attempt: 2 });

      expect(retried.status).toBe('sent');
      const [first, second] = s.channels.twilio.messages;
      expect(s.channels.twilio.messages).toHaveLength(2);
      expect(second?.body).toBe(first?.body);
      expect((await getNotification(s.t.db, ack(1).key))?.provider_message_id).toBe(first?.sid);
      expect((await getNotification(s.t.db, ack(2).key))?.provider_message_id).toBe(second?.sid);
    });

    it('after an accept-then-drop, picks its own message among identical texts to the same number', async () => {
      const ack = (n: number): NotifyInput => ({
        key: `order:o-1001/reply.ack/${n}`,
        workflowId: 'order:o-1001',
        purpose: 'reply.ack',
        customerId: 'c-1',
        context: { orderId: s.order.orderId },
      });
      await s.runner.run(s.activities.notify, ack(1));
      // A minute apart, so the earlier message is both older and inside the lookup's window.
      s.clock.advance(60_000);
      s.channels.twilio.failNext({ kind: 'accept-then-drop' });
      await failureOf(s.runner.run(s.activities.notify, ack(2), { attempt: 1 }));
      s.clock.advance(AMBIGUOUS_SEND_HOLD_MS);

      const retried = await s.runner.run(s.activities.notify, ack(2), { attempt: 2 });

      expect(retried.status).toBe('sent');
      expect(s.channels.twilio.messages).toHaveLength(2);
      expect((await getNotification(s.t.db, ack(2).key))?.provider_message_id).toBe(s.channels.twilio.messages[1]?.sid);
    });

    it('treats a full queue (21611) as retryable capacity trouble, leaving the row claimed', async () => {
      const overflowing = createActivities(
        activityDeps(s.t.db, { sms: s.channels.overflowingSms(), email: s.channels.email }, s.clock),
      );

      const failure = await failureOf(s.runner.run(overflowing.notify, STALL));

      expect(failure.nonRetryable).toBe(false);
      expect(failure.type).toBe('channel.queue_overflow');
      expect((await getNotification(s.t.db, KEY))?.status).toBe('claimed');
      expect(s.channels.twilio.messages).toHaveLength(0);
    });
  });
});

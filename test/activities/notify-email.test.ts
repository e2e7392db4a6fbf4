import { createActivities, type NotifyActivities } from '../../activities';
import type { NotifyInput } from '../../domain/activity-contract';
import type { EmailSender } from '../../channels/email';
import { messageIdForKey } from '../../channels/message-id';
import { getNotification } from '../../db/repositories/outbox';
import { verifyReplyToken } from '../../security/reply-token';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { T0 } from '../db/helpers/times';
import { ActivityRunner } from './helpers/activity-context';
import { MESSAGE_ID_DOMAIN, PUBLIC_URL, type TestChannels, startTestChannels } from './helpers/channels';
import { ManualClock } from './helpers/clock';
import { activityDeps, LINK_KEYS, SHIPPED_POLICY } from './helpers/deps';
import { failureOf, historyTextOf } from './helpers/failures';
import { EMAIL, seedCustomer, seedShippedOrder, type ShippedOrder } from './helpers/seed';
import { deriveServiceKeys } from '../../security/keys';

const KEY = 'order:o-1001/shipment.stalled/1';
const STALL: NotifyInput = {
  key: KEY,
  workflowId: 'order:o-1001',
  purpose: 'shipment.stalled',
  customerId: 'c-1',
  context: { orderId: 'o-1001', shipmentId: 's-1001' },
  replyWindowMs: SHIPPED_POLICY.stall.replyWindowMs,
};
const REPLY_LINK = new RegExp(
  `${PUBLIC_URL.replace(/\./g, '\\.')}/v1/reply/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)\\?choice=(\\d)`,
  'g',
);

/** The reply links in a body, as [token, choice] pairs in order of appearance. */
function replyLinks(body: string): [string, number][] {
  return [...body.matchAll(REPLY_LINK)].map((m) => [m[1] as string, Number(m[2])]);
}

describe.each(BACKENDS)('notify by email through a real SMTP server, outbox on %s', (backend) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let channels: TestChannels;
  let activities: NotifyActivities;
  let runner: ActivityRunner;
  let order: ShippedOrder;
  let emailCalls: number;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    await t.clear();
    clock = new ManualClock();
    channels = await startTestChannels(clock);
    emailCalls = 0;
    // The real SMTP sender, counted: "nothing was sent" must also mean "SMTP was not even asked".
    const countedEmail: EmailSender = {
      send: (input) => {
        emailCalls += 1;
        return channels.email.send(input);
      },
    };
    activities = createActivities(activityDeps(t.db, { sms: channels.sms, email: countedEmail }, clock));
    runner = new ActivityRunner();
    await seedCustomer(t.db, { preferredChannel: 'email' });
    order = await seedShippedOrder(t.db);
  });
  afterEach(() => channels.close());

  it('sends the stall notice with subject, text and HTML bodies and a Message-ID derived from the key', async () => {
    const result = await runner.run(activities.notify, STALL);

    expect(result).toEqual({ status: 'sent', channel: 'email', notificationKey: KEY });
    expect(channels.smtp.messages).toHaveLength(1);
    expect(channels.twilio.messages).toHaveLength(0);
    const [mail] = channels.smtp.messages;
    expect(mail?.envelopeTo).toEqual([EMAIL]);
    expect(mail?.parsed.header('subject')).toBe(`订单${order.orderId}的包裹暂时没有新进展，我们正在跟进`);
    expect(mail?.parsed.header('message-id')).toBe(messageIdForKey(KEY, MESSAGE_ID_DOMAIN));
    expect(mail?.parsed.header('x-notify-purpose')).toBe('shipment.stalled');
    const text = mail?.parsed.text ?? '';
    const html = mail?.parsed.html ?? '';
    for (const part of [order.orderId, order.carrier, order.trackingNumber, order.lastLocation, '王芳您好']) {
      expect(text).toContain(part);
      expect(html).toContain(part);
    }
    expect(html).toContain('<p>王芳您好，</p>');
  });

  it('puts one sealed reply link per option in both bodies, which the reply-token check accepts', async () => {
    await runner.run(activities.notify, STALL);

    const mail = channels.smtp.messages[0]?.parsed;
    const textLinks = replyLinks(mail?.text ?? '');
    const htmlLinks = replyLinks(mail?.html ?? '');
    expect(textLinks.map(([, choice]) => choice)).toEqual([1, 2, 3]);
    expect(htmlLinks).toEqual(textLinks);
    expect(mail?.text).toContain(`1  帮您催快递: ${PUBLIC_URL}/v1/reply/`);
    expect(mail?.html).toMatch(/<li><a href="[^"]+\?choice=3">3 转人工客服<\/a><\/li>/);

    const expiresAt = (T0.getTime() + SHIPPED_POLICY.stall.replyWindowMs) / 1000;
    for (const [token] of textLinks) {
      expect(verifyReplyToken(LINK_KEYS.replyLinks, token, T0.getTime())).toEqual({
        ok: true,
        claims: { promptKey: KEY, expiresAt },
      });
      expect(verifyReplyToken(deriveServiceKeys('another secret').replyLinks, token, T0.getTime())).toEqual({
        ok: false,
        reason: 'tampered',
      });
      expect(verifyReplyToken(LINK_KEYS.replyLinks, token, expiresAt * 1000 + 1)).toMatchObject({
        ok: false,
        reason: 'expired',
      });
    }
  });

  it('ends the links at api.replyLinkTtl when that comes before the reply window closes', async () => {
    const ttlMs = 3_600_000;
    const deps = activityDeps(t.db, channels, clock);
    const shortLinks = createActivities({ ...deps, links: { ...deps.links, replyTtlMs: ttlMs } });
    await runner.run(shortLinks.notify, STALL);

    const links = replyLinks(channels.smtp.messages[0]?.parsed.text ?? '');
    expect(links).toHaveLength(3);
    for (const [token] of links) {
      expect(verifyReplyToken(LINK_KEYS.replyLinks, token, T0.getTime())).toEqual({
        ok: true,
        claims: { promptKey: KEY, expiresAt: (T0.getTime() + ttlMs) / 1000 },
      });
    }
  });

  it('adds no reply links to a message that is not a prompt', async () => {
    await runner.run(activities.notify, {
      key: 'order:o-1001/reply.ack/1',
      workflowId: 'order:o-1001',
      purpose: 'reply.ack',
      variant: 'chase',
      customerId: 'c-1',
      context: { orderId: order.orderId },
    });

    const mail = channels.smtp.messages[0]?.parsed;
    expect(mail?.text).toContain(order.orderId);
    expect(replyLinks(`${mail?.text ?? ''}${mail?.html ?? ''}`)).toEqual([]);
  });

  it('records subject, text body and Message-ID in the outbox, and sends nothing new for the same key', async () => {
    await runner.run(activities.notify, STALL);
    const again = await runner.run(activities.notify, STALL, { attempt: 2 });

    expect(again).toEqual({ status: 'sent', channel: 'email', notificationKey: KEY });
    expect(channels.smtp.messages).toHaveLength(1);
    expect(emailCalls).toBe(1);
    const mail = channels.smtp.messages[0]?.parsed;
    expect(await getNotification(t.db, KEY)).toMatchObject({
      channel: 'email',
      address: EMAIL,
      subject: mail?.header('subject'),
      body: mail?.text,
      status: 'sent',
      provider: 'smtp',
      provider_message_id: messageIdForKey(KEY, MESSAGE_ID_DOMAIN),
      sent_at: T0,
    });
  });

  it('retries a 4xx reply and then delivers once', async () => {
    channels.smtp.failNext({ stage: 'data', responseCode: 451, message: '4.3.0 Try again later' });

    const failure = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('channel.temporary');
    expect((await getNotification(t.db, KEY))?.status).toBe('claimed');

    const retried = await runner.run(activities.notify, STALL, { attempt: 2 });

    expect(retried.status).toBe('sent');
    expect(channels.smtp.messages).toHaveLength(1);
    expect((await getNotification(t.db, KEY))?.status).toBe('sent');
  });

  it('fails a 5xx bounce non-retryably, marks the row failed, and keeps the address out of the failure', async () => {
    channels.smtp.failNext({
      stage: 'rcpt',
      responseCode: 550,
      message: `5.1.1 <${EMAIL}>: Recipient address rejected: User unknown`,
    });

    const failure = await failureOf(runner.run(activities.notify, STALL));

    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe('channel.mailbox_unavailable');
    for (const text of [failure.message, JSON.stringify(failure.details), historyTextOf(failure), runner.logText()]) {
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('wang.fang');
    }
    expect(await getNotification(t.db, KEY)).toMatchObject({ status: 'failed', error_code: '550', failed_at: T0 });
    expect(channels.smtp.messages).toHaveLength(0);
  });

  it('answers a later call after a bounce non-retryably without asking SMTP again', async () => {
    channels.smtp.failNext({ stage: 'rcpt', responseCode: 550 });
    await failureOf(runner.run(activities.notify, STALL));

    const again = await failureOf(runner.run(activities.notify, STALL, { attempt: 2 }));

    expect(again.nonRetryable).toBe(true);
    expect(again.type).toBe('channel.mailbox_unavailable');
    expect(emailCalls).toBe(1);
    expect(channels.smtp.messages).toHaveLength(0);
  });

  it('after a drop following DATA, records the outcome as unknown instead of resending, and counts it', async () => {
    channels.smtp.failNext({ stage: 'drop-after-data' });

    const dropped = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
    expect(dropped.nonRetryable).toBe(false);
    expect(dropped.details).toEqual([expect.objectContaining({ mayHaveBeenDelivered: true })]);
    // The lease ran out at once rather than being given back: the retry may take over, but knows not to resend.
    expect(await getNotification(t.db, KEY)).toMatchObject({ status: 'claimed', attempt_expires_at: T0 });

    const retried = await runner.run(activities.notify, STALL, { attempt: 2 });
    const later = await runner.run(activities.notify, STALL, { attempt: 3 });

    expect(retried).toEqual({
      status: 'sent',
      channel: 'email',
      notificationKey: KEY,
      reconciled: true,
      outcomeUnknown: true,
    });
    expect(later).toEqual(retried);
    expect(emailCalls).toBe(1);
    expect(await getNotification(t.db, KEY)).toMatchObject({
      status: 'sent',
      reconciled_at: T0,
      outcome_unknown_at: T0,
      attempt_token: null,
    });
  });

  it('never resends an email whose attempt died holding the claim once its lease runs out', async () => {
    // Attempt 1 claimed the row and its worker died before SMTP answered: the row is claimed, the lease held.
    await runner.run(activities.notify, STALL, { attempt: 1 });
    await t.db
      .updateTable('notifications')
      .set({ status: 'claimed', attempt_token: 'dead-worker', attempt_expires_at: T0, provider_message_id: null })
      .where('idempotency_key', '=', KEY)
      .execute();

    clock.advance(1_000);
    const retried = await runner.run(activities.notify, STALL, { attempt: 2 });

    expect(retried).toMatchObject({ status: 'sent', outcomeUnknown: true });
    expect(emailCalls).toBe(1);
    expect(channels.smtp.messages).toHaveLength(1);
    expect(runner.logText()).toContain('email outcome unknown');
  });
});

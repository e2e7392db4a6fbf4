import twilio from 'twilio';
import { classifyTwilioCode, statusCallbackUrl, TwilioSmsSender } from '../../channels/twilio';
import { RebasedRequestClient } from '../../channels/twilio/rebased-request-client';
import { type TwilioFake, startTwilioFake, twilioSignature } from '../fakes/twilio-fake';
import { startWebhookReceiver } from './helpers/webhook-receiver';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'fedcba9876543210'.repeat(2);
const SERVICE_SID = `MG${'00112233445566778899aabbccddeeff'}`;
const CUSTOMER = '+14155550123';

describe('Twilio fake: signed, shuffled and duplicated status callbacks', () => {
  let fake: TwilioFake;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let sender: TwilioSmsSender;

  beforeEach(async () => {
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    receiver = await startWebhookReceiver();
    sender = new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      messagingServiceSid: SERVICE_SID,
      statusCallbackBaseUrl: receiver.url,
      baseUrl: fake.url,
    });
  });

  afterEach(async () => {
    await fake.close();
    await receiver.close();
  });

  it('signs every callback so that twilio.validateRequest accepts it and rejects any alteration', async () => {
    const key = 'order:A-1001/shipment.stalled/1';
    const { providerMessageId } = await sender.send({ to: CUSTOMER, body: 'Late parcel', idempotencyKey: key });
    fake.deliver(providerMessageId);

    await fake.flushCallbacks();

    expect(receiver.received.map((r) => r.params.MessageStatus)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    for (const callback of receiver.received) {
      const url = `${receiver.url}${callback.url}`;
      const signature = callback.headers['x-twilio-signature'] as string;
      expect(url).toBe(statusCallbackUrl(receiver.url, key));
      expect(callback.params).toMatchObject({
        AccountSid: ACCOUNT_SID,
        MessageSid: providerMessageId,
        SmsSid: providerMessageId,
        MessagingServiceSid: SERVICE_SID,
        To: CUSTOMER,
        From: '+15005550006',
        ApiVersion: '2010-04-01',
      });
      expect(twilio.validateRequest(AUTH_TOKEN, signature, url, callback.params)).toBe(true);
      // The same signature must fail for a changed parameter, another URL or another token.
      expect(twilio.validateRequest(AUTH_TOKEN, signature, url, { ...callback.params, MessageStatus: 'failed' })).toBe(
        false,
      );
      expect(twilio.validateRequest(AUTH_TOKEN, signature, `${url}x`, callback.params)).toBe(false);
      expect(twilio.validateRequest('another-token', signature, url, callback.params)).toBe(false);
    }
  });

  it('agrees with the library on signatures for repeated and unusual parameters', () => {
    const url = 'https://notify.example/v1/twilio/status?key=order%3AA%2F1&x=%27quoted%27';
    const params = { Body: 'Ünïcode & spaces', MediaUrl: ['b', 'a'], Empty: '' };
    const signature = twilioSignature(AUTH_TOKEN, url, params);
    expect(signature).toBe(twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params));
    expect(twilio.validateRequest(AUTH_TOKEN, signature, url, params)).toBe(true);
  });

  it('delivers callbacks shuffled and duplicated, reproducibly for a seed, with failure codes', async () => {
    /** Two messages, one delivered and one undelivered (30036), flushed shuffled with each report sent twice. */
    const round = async (seed: number): Promise<{ expected: string[]; delivered: string[] }> => {
      receiver.received.length = 0;
      const a = await sender.send({ to: CUSTOMER, body: 'A', idempotencyKey: 'k/a/1' });
      const b = await sender.send({ to: CUSTOMER, body: 'B', idempotencyKey: 'k/b/1' });
      const label = new Map([
        [a.providerMessageId, 'a'],
        [b.providerMessageId, 'b'],
      ]);
      fake.deliver(a.providerMessageId);
      fake.setStatus(b.providerMessageId, 'queued');
      fake.setStatus(b.providerMessageId, 'undelivered', 30036);
      await fake.flushCallbacks({ order: 'shuffled', seed, duplicates: 1 });
      return {
        expected: ['a:queued', 'a:sending', 'a:sent', 'a:delivered', 'b:queued', 'b:undelivered'],
        delivered: receiver.received.map((r) => `${label.get(r.params.MessageSid ?? '')}:${r.params.MessageStatus}`),
      };
    };

    const { expected, delivered } = await round(7);

    expect([...delivered].sort()).toEqual([...expected, ...expected].sort());
    expect(delivered).not.toEqual(expected.flatMap((report) => [report, report]));
    expect(receiver.received.find((r) => r.params.MessageStatus === 'undelivered')?.params.ErrorCode).toBe('30036');
    expect(classifyTwilioCode(30036)).toEqual({ kind: 'capacity', reason: 'expired' });
    expect(classifyTwilioCode(30001)).toEqual({ kind: 'capacity', reason: 'queue_overflow' });
    // A duplicate is the same report delivered again: it carries the same idempotency token.
    const tokens = receiver.received.map((r) => r.headers['i-twilio-idempotency-token']);
    expect(new Set(tokens).size).toBe(expected.length);

    // The same seed gives the same order, so a failing shuffle can be replayed.
    expect((await round(7)).delivered).toEqual(delivered);
  });

  it('retries a callback once when the endpoint cannot be reached', async () => {
    const unreachable = new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      messagingServiceSid: SERVICE_SID,
      statusCallbackBaseUrl: 'http://127.0.0.1:9',
      baseUrl: fake.url,
    });
    const { providerMessageId } = await unreachable.send({ to: CUSTOMER, body: 'x', idempotencyKey: 'k/x/1' });
    fake.setStatus(providerMessageId, 'queued');

    const attempts = await fake.flushCallbacks();

    expect(attempts.map((a) => [a.attempt, a.responseStatus])).toEqual([
      [1, null],
      [2, null],
    ]);
  });

  it('answers unauthenticated and unknown-account requests the way Twilio does, and records them', async () => {
    const response = await fetch(`${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });

    const otherAccount = `AC${'f'.repeat(32)}`;
    const auth = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    const wrongPath = await fetch(`${fake.url}/2010-04-01/Accounts/${otherAccount}/Messages.json`, {
      headers: { Authorization: auth },
    });
    expect(wrongPath.status).toBe(404);
    expect(fake.requests.map((r) => [r.authorized, r.outcome])).toEqual([
      [false, 401],
      [true, 404],
    ]);
  });

  it('filters lists by To, From and the inclusive DateSent bounds, as the twilio client sends them', async () => {
    let clock = new Date('2030-03-01T10:00:00Z');
    const dated = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, now: () => clock });
    try {
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN, {
        httpClient: new RebasedRequestClient(dated.url),
      });
      const early = await client.messages.create({ to: CUSTOMER, from: '+15005550006', body: 'early' });
      dated.deliver(early.sid);
      clock = new Date('2030-03-02T10:00:00Z');
      const late = await client.messages.create({ to: CUSTOMER, from: '+15005550006', body: 'late' });
      dated.deliver(late.sid);
      const queued = await client.messages.create({ to: CUSTOMER, from: '+15005550006', body: 'still queued' });
      await client.messages.create({ to: '+14155550999', from: '+15005550006', body: 'someone else' });

      const sids = async (filter: Parameters<typeof client.messages.list>[0]): Promise<string[]> =>
        (await client.messages.list(filter)).map((m) => m.sid);

      expect(await sids({ to: CUSTOMER })).toEqual([queued.sid, late.sid, early.sid]);
      expect(await sids({ to: CUSTOMER, dateSentAfter: new Date('2030-03-02T10:00:00Z') })).toEqual([late.sid]);
      expect(await sids({ to: CUSTOMER, dateSentBefore: new Date('2030-03-01T10:00:00Z') })).toEqual([early.sid]);
      expect(await sids({ from: '+15005550006', to: '+14155550999' })).toHaveLength(1);
    } finally {
      await dated.close();
    }
  });
});

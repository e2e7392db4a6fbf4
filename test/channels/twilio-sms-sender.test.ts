import { type ChannelError, isChannelError } from '../../channels/channel-error';
import type { SmsClaim, SmsSender } from '../../channels/sms';
import { TwilioSmsSender, type TwilioSmsSenderOptions, keyFromStatusCallbackUrl } from '../../channels/twilio';
import { type TwilioFake, startTwilioFake } from '../fakes/twilio-fake';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'fedcba9876543210'.repeat(2);
const SERVICE_SID = `MG${'00112233445566778899aabbccddeeff'}`;
const CUSTOMER = '+14155550123';
const KEY = 'order:A-1001/shipment.stalled/1';

async function sendError(sender: SmsSender, to: string, key = KEY): Promise<ChannelError> {
  const error = await sender.send({ to, body: 'Your parcel is late.', idempotencyKey: key }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('Twilio SMS sender through the real twilio client against the loopback fake', () => {
  let fake: TwilioFake;
  let clock: Date;

  const sender = (overrides: Partial<TwilioSmsSenderOptions> = {}): TwilioSmsSender =>
    new TwilioSmsSender({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      messagingServiceSid: SERVICE_SID,
      statusCallbackBaseUrl: 'https://notify.example/',
      baseUrl: fake.url,
      ...overrides,
    });

  beforeEach(async () => {
    clock = new Date('2030-03-01T10:00:00Z');
    fake = await startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, now: () => clock });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('sends through the Messaging Service with a status callback that carries the notification key', async () => {
    const result = await sender().send({ to: CUSTOMER, body: 'Your parcel is late.', idempotencyKey: KEY });

    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.status).toBe('accepted');
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      authorized: true,
      outcome: 201,
    });
    expect(request?.form).toEqual({
      To: CUSTOMER,
      Body: 'Your parcel is late.',
      MessagingServiceSid: SERVICE_SID,
      StatusCallback: `https://notify.example/v1/twilio/status?key=${encodeURIComponent(KEY)}`,
    });
    expect(keyFromStatusCallbackUrl(request?.form.StatusCallback as string)).toBe(KEY);
    expect(fake.messages.map((m) => m.sid)).toEqual([result.providerMessageId]);
  });

  it('sends from a number when no Messaging Service is configured, and without a callback when no base URL is', async () => {
    const fromSender = sender({
      messagingServiceSid: undefined,
      from: '+15005550006',
      statusCallbackBaseUrl: undefined,
    });

    const result = await fromSender.send({ to: CUSTOMER, body: 'Hello', idempotencyKey: KEY });

    expect(result.status).toBe('queued');
    expect(fake.requests[0]?.form).toEqual({ To: CUSTOMER, Body: 'Hello', From: '+15005550006' });
  });

  it('needs a Messaging Service or a From number', () => {
    expect(() => sender({ messagingServiceSid: undefined })).toThrow(/Messaging Service SID or a From number/);
  });

  it.each([
    ['+15005550001', 21211, 'permanent', 'invalid_number'],
    ['+15005550002', 21612, 'permanent', 'unreachable'],
    ['+15005550003', 21408, 'permanent', 'unreachable'],
    ['+15005550004', 21610, 'permanent', 'opted_out'],
    ['+15005550009', 21614, 'permanent', 'unreachable'],
  ])('classifies the magic To number %s (Twilio %i) as %s %s', async (to, code, kind, reason) => {
    const error = await sendError(sender(), to);

    expect(error).toMatchObject({ channel: 'sms', kind, reason, providerCode: code, mayHaveBeenDelivered: false });
    expect(error.concernsRecipient).toBe(true);
    expect(fake.requests[0]?.outcome).toBe(400);
    expect(fake.messages).toHaveLength(0);
    // The provider's text names the number; what leaves the channel must not.
    expect(JSON.stringify(error)).not.toContain(to);
    expect(error.message).not.toContain(to);
  });

  it('classifies the magic From number +15005550008 (queue full, 21611) as a capacity error', async () => {
    const error = await sendError(sender({ messagingServiceSid: undefined, from: '+15005550008' }), CUSTOMER);

    expect(error).toMatchObject({ kind: 'capacity', reason: 'queue_overflow', providerCode: 21611 });
    expect(error.concernsRecipient).toBe(false);
  });

  it('classifies bad credentials as a permanent misconfiguration, not a recipient problem', async () => {
    const error = await sendError(sender({ authToken: 'wrong'.repeat(6) }), CUSTOMER);

    expect(error).toMatchObject({ kind: 'permanent', reason: 'misconfigured', providerCode: 20003 });
    expect(error.concernsRecipient).toBe(false);
    expect(fake.requests[0]?.authorized).toBe(false);
  });

  it('reports a 429 burst as transient rate limiting, nothing stored, until a retry goes through', async () => {
    fake.failNext({ kind: 'error', status: 429, code: 20429, message: 'Too Many Requests', times: 3 });
    const sms = sender();

    const outcomes: string[] = [];
    for (;;) {
      try {
        await sms.send({ to: CUSTOMER, body: 'Paced', idempotencyKey: KEY });
        outcomes.push('sent');
        break;
      } catch (error) {
        if (!isChannelError(error) || error.reason !== 'rate_limited') throw error;
        expect(error).toMatchObject({ kind: 'transient', providerCode: 20429, mayHaveBeenDelivered: false });
        outcomes.push('rate_limited');
      }
    }

    expect(outcomes).toEqual(['rate_limited', 'rate_limited', 'rate_limited', 'sent']);
    expect(fake.requests.map((r) => r.outcome)).toEqual([429, 429, 429, 201]);
    expect(fake.messages).toHaveLength(1);
  });

  it('reports a 5xx on create as transient and possibly delivered', async () => {
    fake.failNext({ kind: 'error', status: 503, message: 'Service Unavailable' });

    const error = await sendError(sender(), CUSTOMER);

    expect(error).toMatchObject({
      kind: 'transient',
      reason: 'temporary',
      providerCode: 503,
      mayHaveBeenDelivered: true,
    });
  });

  it('after accept-then-drop, reconciliation finds the message Twilio kept, so nothing is sent twice', async () => {
    fake.failNext({ kind: 'accept-then-drop' });
    const sms = sender();
    const claim: SmsClaim = { idempotencyKey: KEY, to: CUSTOMER, body: 'Your parcel is late.', claimedAt: clock };

    const error = await sendError(sms, CUSTOMER);
    expect(error).toMatchObject({ kind: 'transient', reason: 'temporary', mayHaveBeenDelivered: true });
    expect(fake.requests[0]?.outcome).toBe('dropped');

    const found = await sms.lookup({ claim });
    expect(found).toEqual([
      { providerMessageId: fake.messages[0]?.sid, status: 'accepted', errorCode: null, createdAt: clock },
    ]);
    expect(fake.messages).toHaveLength(1);
  });

  it('after a drop before Twilio took it, reconciliation finds nothing and the resend is the only message', async () => {
    fake.failNext({ kind: 'drop-before-accepting' });
    const sms = sender();
    const claim: SmsClaim = { idempotencyKey: KEY, to: CUSTOMER, body: 'Your parcel is late.', claimedAt: clock };

    const error = await sendError(sms, CUSTOMER);
    // From the client's side the two drops look alike: "may have", hence the lookup before any resend.
    expect(error.mayHaveBeenDelivered).toBe(true);
    expect(await sms.lookup({ claim })).toEqual([]);

    await sms.send({ to: CUSTOMER, body: 'Your parcel is late.', idempotencyKey: KEY });
    expect(await sms.lookup({ claim })).toHaveLength(1);
  });

  it('matches a claim on number, sender, body and time, and reports duplicates oldest first', async () => {
    const sms = sender();
    const body = 'Your parcel is late.';
    await sms.send({ to: CUSTOMER, body, idempotencyKey: 'earlier' });
    clock = new Date('2030-03-01T11:00:00Z');
    const claimedAt = clock;
    await sms.send({ to: CUSTOMER, body: 'A different message', idempotencyKey: 'other' });
    await sms.send({ to: '+14155550999', body, idempotencyKey: 'other-customer' });
    await sender({ messagingServiceSid: undefined, from: '+15005550006' }).send({
      to: CUSTOMER,
      body,
      idempotencyKey: 'x',
    });
    clock = new Date('2030-03-01T11:00:01Z');
    const first = await sms.send({ to: CUSTOMER, body, idempotencyKey: KEY });
    clock = new Date('2030-03-01T11:00:02Z');
    const duplicate = await sms.send({ to: CUSTOMER, body, idempotencyKey: KEY });

    const found = await sms.lookup({ claim: { idempotencyKey: KEY, to: CUSTOMER, body, claimedAt } });

    expect(found.map((m) => m.providerMessageId)).toEqual([first.providerMessageId, duplicate.providerMessageId]);
  });

  it('pages through a busy number to find an older claimed message', async () => {
    const sms = sender();
    const claimedAt = clock;
    const ours = await sms.send({ to: CUSTOMER, body: 'The one we claimed', idempotencyKey: KEY });
    for (let i = 0; i < 60; i += 1)
      await sms.send({ to: CUSTOMER, body: `Later message ${i}`, idempotencyKey: `k${i}` });

    const found = await sms.lookup({
      claim: { idempotencyKey: KEY, to: CUSTOMER, body: 'The one we claimed', claimedAt },
    });

    expect(found.map((m) => m.providerMessageId)).toEqual([ours.providerMessageId]);
    const listCalls = fake.requests.filter((r) => r.method === 'GET');
    expect(listCalls.map((r) => r.query.Page ?? '0')).toEqual(['0', '1']);
  });

  it('looks a message up by SID, with its status and delivery error code', async () => {
    const sms = sender();
    const { providerMessageId } = await sms.send({ to: CUSTOMER, body: 'Hi', idempotencyKey: KEY });
    fake.setStatus(providerMessageId, 'undelivered', 30001);

    expect(await sms.lookup({ providerMessageId })).toEqual([
      { providerMessageId, status: 'undelivered', errorCode: 30001, createdAt: clock },
    ]);
    expect(await sms.lookup({ providerMessageId: `SM${'0'.repeat(32)}` })).toEqual([]);
  });
});

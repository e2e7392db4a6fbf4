import { getNotification, claimNotification, markNotificationSent } from '../../db/repositories/outbox';
import { upsertCustomer } from '../../db/repositories/customers';
import { statusCallbackUrl } from '../../channels/twilio';
import { claim } from '../db/helpers/rows';
import { type ApiFixture, openApiFixture, PUBLIC_URL, twilioRequest } from './helpers/api-fixture';

const STATUS = '/v1/twilio/status';

describe('POST /v1/twilio/status', () => {
  let fx: ApiFixture;
  let n = 0;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
  });

  /** A claimed SMS; with `sid` also accepted by the provider under that Message SID. */
  async function sentMessage(sid?: string): Promise<string> {
    const key = `order:o-${++n}/shipment.stalled/1`;
    await claimNotification(
      fx.database.db,
      claim({
        idempotencyKey: key,
        workflowId: `order:o-${n}`,
        body: 'x',
        claimedAt: new Date(fx.now.getTime() - 60_000),
      }),
    );
    if (sid)
      await markNotificationSent(fx.database.db, key, {
        provider: 'twilio',
        providerMessageId: sid,
        status: 'queued',
        at: fx.now,
      });
    return key;
  }

  /** Path and query of the callback URL the sender gave Twilio for this key. */
  const callbackPath = (key: string) => statusCallbackUrl(PUBLIC_URL, key).slice(PUBLIC_URL.length);
  const callback = (key: string, sid: string, status: string, extra: Record<string, string> = {}) =>
    twilioRequest(callbackPath(key), { MessageSid: sid, MessageStatus: status, AccountSid: 'AC123', ...extra });

  it('folds shuffled and repeated callbacks to the furthest status, whatever the order', async () => {
    const orders = [
      ['queued', 'sending', 'sent', 'delivered'],
      ['delivered', 'sent', 'queued', 'sending'],
      ['sent', 'delivered', 'delivered', 'queued', 'sent', 'sending', 'delivered'],
    ];
    for (const [i, order] of orders.entries()) {
      const sid = `SM${'a'.repeat(31)}${i}`;
      const key = await sentMessage(sid);
      for (const status of order) {
        expect((await fx.request(callback(key, sid, status))).statusCode).toBe(204);
      }
      const row = await getNotification(fx.database.db, key);
      expect({ order, status: row?.status }).toEqual({ order, status: 'delivered' });
      expect(row?.delivered_at).not.toBeNull();
    }
  });

  it('keeps a terminal failure (with its error code) against later stray reports, and records each callback once', async () => {
    const sid = `SM${'b'.repeat(32)}`;
    const key = await sentMessage(sid);
    await fx.request(callback(key, sid, 'undelivered', { ErrorCode: '30003' }));
    await fx.request(callback(key, sid, 'sent'));
    await fx.request(callback(key, sid, 'undelivered', { ErrorCode: '30003' }));
    const row = await getNotification(fx.database.db, key);
    expect(row).toMatchObject({ status: 'undelivered', error_code: '30003' });
    const events = await fx.database.db
      .selectFrom('delivery_events')
      .selectAll()
      .where('provider_message_id', '=', sid)
      .execute();
    expect(events.map((e) => e.status).sort()).toEqual(['sent', 'undelivered']);
  });

  it('applies a callback by key when it beats the activity recording the Message SID', async () => {
    const key = await sentMessage();
    const sid = `SM${'c'.repeat(32)}`;
    await fx.request(callback(key, sid, 'delivered'));
    expect((await getNotification(fx.database.db, key))?.status).toBe('delivered');
  });

  it('finds the notification by Message SID when the callback URL carries no key', async () => {
    const sid = `SM${'d'.repeat(32)}`;
    const key = await sentMessage(sid);
    await fx.request(twilioRequest(STATUS, { MessageSid: sid, MessageStatus: 'delivered' }));
    expect((await getNotification(fx.database.db, key))?.status).toBe('delivered');
  });

  it('answers 403 to a forged or mis-addressed callback and changes nothing', async () => {
    const sid = `SM${'e'.repeat(32)}`;
    const key = await sentMessage(sid);
    const params = { MessageSid: sid, MessageStatus: 'failed' };
    for (const options of [
      { token: 'nope' },
      { signedUrl: `https://elsewhere.example${callbackPath(key)}` },
      { omitSignature: true },
    ]) {
      expect((await fx.request(twilioRequest(callbackPath(key), params, options))).statusCode).toBe(403);
    }
    // Signed for a different key than the one in the URL we are called at.
    const other = twilioRequest(callbackPath('order:o-x/shipment.stalled/1'), params);
    expect((await fx.request({ ...other, url: callbackPath(key) })).statusCode).toBe(403);
    expect((await getNotification(fx.database.db, key))?.status).toBe('queued');
    expect(await fx.database.db.selectFrom('delivery_events').selectAll().execute()).toHaveLength(0);
  });

  it('acknowledges status words with no outbox meaning without recording them', async () => {
    const sid = `SM${'f'.repeat(32)}`;
    const key = await sentMessage(sid);
    expect((await fx.request(callback(key, sid, 'receiving'))).statusCode).toBe(204);
    expect((await getNotification(fx.database.db, key))?.status).toBe('queued');
  });

  describe('failures that concern the recipient', () => {
    const PHONE = '+8613800138000';
    beforeEach(async () => {
      await upsertCustomer(fx.database.db, {
        id: 'c-1',
        name: '王芳',
        phone: PHONE,
        email: 'wangfang@example.com',
        locale: 'zh-CN',
        timezone: 'Asia/Shanghai',
        preferredChannel: 'sms',
        at: new Date(fx.now.getTime() - 86400_000),
      });
    });
    const customer = () =>
      fx.database.db.selectFrom('customers').selectAll().where('id', '=', 'c-1').executeTakeFirstOrThrow();
    const optOuts = () =>
      fx.database.db.selectFrom('consent_events').selectAll().where('kind', '=', 'opt_out').execute();

    it.each([
      ['undelivered', '30005', 'invalid_number'],
      ['undelivered', '30006', 'unreachable'],
      ['failed', '21211', 'invalid_number'],
      ['failed', '21612', 'unreachable'],
    ])('%s with ErrorCode %s marks the number invalid (%s)', async (status, code, reason) => {
      const sid = `SM${'1'.repeat(28)}${code}`;
      const key = await sentMessage(sid);
      expect((await fx.request(callback(key, sid, status, { ErrorCode: code }))).statusCode).toBe(204);
      const row = await customer();
      expect(row.phone_invalid_reason).toBe(reason);
      expect(row.phone_invalid_at).toEqual(fx.now);
      expect(row.email_invalid_at).toBeNull();
      expect(await optOuts()).toHaveLength(0);
    });

    it('21610 records one provider opt-out for the number, however often the callback comes', async () => {
      const sid = `SM${'2'.repeat(32)}`;
      const key = await sentMessage(sid);
      for (let i = 0; i < 3; i += 1) await fx.request(callback(key, sid, 'failed', { ErrorCode: '21610' }));
      const rows = await optOuts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ channel: 'sms', address: PHONE, customer_id: 'c-1', source: 'provider' });
      expect((await customer()).phone_invalid_at).toBeNull();
    });

    it('leaves the contact alone for codes about content or transient trouble, and for delivered messages', async () => {
      for (const [i, code] of ['30007', '30003', '30008'].entries()) {
        const sid = `SM${'3'.repeat(31)}${i}`;
        const key = await sentMessage(sid);
        await fx.request(callback(key, sid, 'undelivered', { ErrorCode: code }));
        expect((await getNotification(fx.database.db, key))?.status).toBe('undelivered');
      }
      // A stray failure report after delivery does not move the row, so it teaches nothing either.
      const sid = `SM${'4'.repeat(32)}`;
      const key = await sentMessage(sid);
      await fx.request(callback(key, sid, 'delivered'));
      await fx.request(callback(key, sid, 'undelivered', { ErrorCode: '30005' }));
      const row = await customer();
      expect(row.phone_invalid_at).toBeNull();
      expect(await optOuts()).toHaveLength(0);
    });
  });
});

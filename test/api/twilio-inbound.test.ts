import { isOptedOut } from '../../db/repositories/consent';
import { upsertCustomer } from '../../db/repositories/customers';
import { type ApiFixture, AUTH_TOKEN, openApiFixture, PUBLIC_URL, twilioRequest } from './helpers/api-fixture';
import { INBOUND_PHONE, openStallPrompt, seedTextingCustomer } from './helpers/inbound';

const PHONE = INBOUND_PHONE;
const INBOUND = '/v1/twilio/inbound';
let sid = 0;
const nextSid = () => `SM${String(++sid).padStart(32, '0')}`;
const sms = (body: string, from = PHONE) => ({ MessageSid: nextSid(), From: from, To: '+15005550006', Body: body });

describe('POST /v1/twilio/inbound', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
    fx.workflows.calls.length = 0;
    await seedTextingCustomer(fx);
  });

  const inboundRows = () => fx.database.db.selectFrom('inbound_messages').selectAll().execute();

  const openPrompt = (workflowId = 'order:o-1') => openStallPrompt(fx, workflowId);

  describe('signature', () => {
    it.each([
      ['forged (wrong auth token)', { token: 'wrong-token' }],
      ['signed for another URL', { signedUrl: `https://elsewhere.example${INBOUND}` }],
      ['signed for another path on our host', { signedUrl: `${PUBLIC_URL}/v1/twilio/status` }],
      ['missing header', { omitSignature: true }],
    ])('answers 403 to a request %s and neither stores nor signals', async (_name, options) => {
      await openPrompt();
      const response = await fx.request(twilioRequest(INBOUND, sms('1'), options));
      expect(response.statusCode).toBe(403);
      expect(await inboundRows()).toHaveLength(0);
      expect(fx.workflows.calls).toHaveLength(0);
    });

    it('refuses a valid signature when the parameters were altered in transit', async () => {
      const request = twilioRequest(INBOUND, sms('1'));
      const altered = { ...request, payload: request.payload.replace('Body=1', 'Body=STOP') };
      expect((await fx.request(altered)).statusCode).toBe(403);
      expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(false);
    });

    it('uses the configured auth token (sanity: the fixture token verifies)', async () => {
      expect((await fx.request(twilioRequest(INBOUND, sms('hello'), { token: AUTH_TOKEN }))).statusCode).toBe(200);
    });
  });

  describe('opt-out keywords', () => {
    const forms = [
      'STOP',
      'stop',
      'Stop',
      ' STOP ',
      'STOP!',
      '"stop."',
      'ＳＴＯＰ',
      'ｓｔｏｐ！',
      'STOPALL',
      'unsubscribe',
      'Cancel',
      'END',
      'quit',
      'REVOKE',
      'OptOut',
      '退订',
      '退订。',
      'TD',
      'td',
      'T',
      't',
      'Ｔ',
      '【退订】',
    ];
    it.each(forms)('%j opts the number out and confirms once, in the customer language', async (body) => {
      await openPrompt();
      const response = await fx.request(twilioRequest(INBOUND, sms(body)));
      expect(response.statusCode).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/xml');
      expect(response.body).toContain('<Message>');
      expect(response.body).toContain('您已退订');
      expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(true);
      // A keyword is never a menu answer, even with a prompt open.
      expect(fx.workflows.calls).toHaveLength(0);
    });

    it('does not confirm a second time: a repeated STOP and a retried webhook answer an empty Response', async () => {
      const first = sms('STOP');
      expect((await fx.request(twilioRequest(INBOUND, first))).body).toContain('<Message>');
      const retried = await fx.request(twilioRequest(INBOUND, first));
      expect(retried.body).toMatch(/<Response\/>$/);
      const again = await fx.request(twilioRequest(INBOUND, sms('退订')));
      expect(again.body).toMatch(/<Response\/>$/);
      const ledger = await fx.database.db
        .selectFrom('consent_events')
        .selectAll()
        .where('kind', '=', 'opt_out')
        .execute();
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({ source: 'sms_keyword', keyword: 'STOP', customer_id: 'c-1' });
    });

    it('is not fooled by a sentence containing stop: that is a reply, left for staff', async () => {
      const response = await fx.request(twilioRequest(INBOUND, sms('please stop texting me')));
      expect(response.body).toMatch(/<Response\/>$/);
      expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(false);
      expect((await inboundRows())[0]).toMatchObject({ handled_as: 'unmatched' });
    });
  });

  it.each(['START', 'start', 'ＵＮＳＴＯＰ', 'Start!'])(
    '%j opts a stopped number back in and confirms',
    async (body) => {
      await fx.request(twilioRequest(INBOUND, sms('STOP')));
      const response = await fx.request(twilioRequest(INBOUND, sms(body)));
      expect(response.body).toContain('重新订阅');
      expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(false);
    },
  );

  it('START from a number that never opted out changes nothing and says nothing', async () => {
    const response = await fx.request(twilioRequest(INBOUND, sms('START')));
    expect(response.body).toMatch(/<Response\/>$/);
    const ledger = await fx.database.db.selectFrom('consent_events').selectAll().execute();
    expect(ledger).toHaveLength(0);
  });

  it.each(['HELP', 'info', 'ＨＥＬＰ?'])('%j answers the help text', async (body) => {
    const response = await fx.request(twilioRequest(INBOUND, sms(body)));
    expect(response.body).toContain('需要帮助');
    expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(false);
  });

  it('answers in English for an English-speaking customer and for unknown numbers falls back to zh-CN', async () => {
    await upsertCustomer(fx.database.db, {
      id: 'c-2',
      name: 'Dana',
      phone: '+12125550123',
      email: null,
      locale: 'en-US',
      timezone: 'America/New_York',
      preferredChannel: 'sms',
      at: new Date('2026-03-01T00:00:00Z'),
    });
    expect((await fx.request(twilioRequest(INBOUND, sms('STOP', '+12125550123')))).body).toContain(
      "You're unsubscribed",
    );
    expect((await fx.request(twilioRequest(INBOUND, sms('STOP', '+8613911112222')))).body).toContain('您已退订');
  });

  it('routes a menu reply to the workflow of the open prompt, once however often Twilio retries', async () => {
    const key = await openPrompt('order:o-1');
    const message = sms('２');
    const response = await fx.request(twilioRequest(INBOUND, message));
    expect(response.body).toMatch(/<Response\/>$/);
    await fx.request(twilioRequest(INBOUND, message));
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({
        kind: 'signal',
        workflowId: 'order:o-1',
        signal: 'customerReply',
        args: [expect.objectContaining({ promptKey: key, choice: 2 })],
      }),
    ]);
    expect(await inboundRows()).toHaveLength(1);
  });

  it('stores a reply with no open prompt for staff and signals nothing', async () => {
    await fx.request(twilioRequest(INBOUND, sms('1')));
    expect(fx.workflows.calls).toHaveLength(0);
    expect((await inboundRows())[0]).toMatchObject({ handled_as: 'unmatched', body: '1' });
  });
});

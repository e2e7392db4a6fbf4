import { type ApiFixture, openApiFixture, twilioRequest } from './helpers/api-fixture';
import { INBOUND_PHONE, seedTextingCustomer } from './helpers/inbound';

const PHONE = INBOUND_PHONE;
const INBOUND = '/v1/twilio/inbound';
const sms = (sid: string, body: string) => ({ MessageSid: sid, From: PHONE, To: '+15005550006', Body: body });

/** The text a keyword gets back goes out in the webhook's answer; the outbox must still say the customer got it. */
describe('keyword answers in the outbox', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
    await seedTextingCustomer(fx);
  });

  const outbox = () =>
    fx.database.db
      .selectFrom('notifications')
      .select(['purpose', 'channel', 'status', 'customer_id', 'body', 'workflow_id'])
      .orderBy('claimed_at')
      .orderBy('workflow_id')
      .execute();

  it('records the STOP confirmation it answered with, once, even when Twilio retries the webhook', async () => {
    const first = await fx.request(twilioRequest(INBOUND, sms('SM-stop-1', '退订')));
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<Message>');
    await fx.request(twilioRequest(INBOUND, sms('SM-stop-1', '退订')));
    const rows = await outbox();
    expect(rows).toEqual([
      {
        purpose: 'optout.confirm',
        channel: 'sms',
        status: 'sent',
        customer_id: 'c-1',
        body: expect.stringContaining('退订'),
        workflow_id: 'inbound:SM-stop-1',
      },
    ]);
    expect(first.body).toContain(rows[0]?.body ?? 'missing');
  });

  it('records HELP and START answers under their own purposes, and nothing for a repeated STOP', async () => {
    await fx.request(twilioRequest(INBOUND, sms('SM-a', 'STOP')));
    await fx.request(twilioRequest(INBOUND, sms('SM-b', 'STOP')));
    await fx.request(twilioRequest(INBOUND, sms('SM-c', 'HELP')));
    await fx.request(twilioRequest(INBOUND, sms('SM-d', 'START')));
    expect((await outbox()).map((row) => [row.workflow_id, row.purpose])).toEqual([
      ['inbound:SM-a', 'optout.confirm'],
      ['inbound:SM-c', 'help.info'],
      ['inbound:SM-d', 'optin.confirm'],
    ]);
  });

  it('records nothing for an ordinary reply', async () => {
    await fx.request(twilioRequest(INBOUND, sms('SM-r', '1')));
    expect(await outbox()).toEqual([]);
  });
});

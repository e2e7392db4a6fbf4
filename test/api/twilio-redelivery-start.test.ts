import { statusCallbackUrl } from '../../channels/twilio';
import { claimNotification, getNotification, markNotificationSent } from '../../db/repositories/outbox';
import { claim } from '../db/helpers/rows';
import { type ApiFixture, openApiFixture, PUBLIC_URL, twilioRequest } from './helpers/api-fixture';

describe('POST /v1/twilio/status starts one redelivery for a failure after acceptance', () => {
  let fx: ApiFixture;
  let n = 0;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());
  beforeEach(() => fx.database.clear());

  async function acceptedSms(sid: string): Promise<string> {
    const key = `order:o-${++n}/shipment.stalled/1`;
    await claimNotification(
      fx.database.db,
      claim({ idempotencyKey: key, workflowId: `order:o-${n}`, body: 'x', claimedAt: fx.now }),
    );
    await markNotificationSent(fx.database.db, key, {
      provider: 'twilio',
      providerMessageId: sid,
      status: 'queued',
      at: fx.now,
    });
    return key;
  }

  const report = (key: string, sid: string, status: string, errorCode?: string) =>
    fx.request(
      twilioRequest(statusCallbackUrl(PUBLIC_URL, key).slice(PUBLIC_URL.length), {
        MessageSid: sid,
        MessageStatus: status,
        AccountSid: 'AC123',
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      }),
    );

  it('a 30003 reported three times (duplicates and out of order) starts redeliver:<key> once', async () => {
    const sid = `SM${'b'.repeat(32)}`;
    const key = await acceptedSms(sid);
    const before = fx.workflows.starts.length;

    for (const [status, code] of [
      ['undelivered', '30003'],
      ['sent', undefined],
      ['undelivered', '30003'],
      ['undelivered', '30003'],
    ] as const) {
      expect((await report(key, sid, status, code)).statusCode).toBe(204);
    }

    expect(fx.workflows.starts.slice(before)).toEqual([
      { workflowId: `redeliver:${key}`, args: [{ key, errorCode: '30003' }] },
    ]);
    expect(await getNotification(fx.database.db, key)).toMatchObject({ status: 'undelivered', error_code: '30003' });
  });

  it('a failure the policy does not cover (30007 filtered) or a delivery starts nothing', async () => {
    const filtered = await acceptedSms(`SM${'c'.repeat(32)}`);
    const delivered = await acceptedSms(`SM${'d'.repeat(32)}`);
    const before = fx.workflows.starts.length;

    await report(filtered, `SM${'c'.repeat(32)}`, 'undelivered', '30007');
    await report(delivered, `SM${'d'.repeat(32)}`, 'delivered');

    expect(fx.workflows.starts.slice(before)).toEqual([]);
  });
});

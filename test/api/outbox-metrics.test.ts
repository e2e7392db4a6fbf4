import { claimNotification, markNotificationSent } from '../../db/repositories/outbox';
import { recordUnknownOutcome } from '../../db/repositories/outbox-attempt';
import { type ApiFixture, openApiFixture } from './helpers/api-fixture';
import { claim } from '../db/helpers/rows';

describe('/metrics: reconciled sends and duplicates from the outbox', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());
  beforeEach(() => fx.database.clear());

  let n = 0;
  async function sent(channel: 'sms' | 'email', reconciled?: { duplicates: number }): Promise<void> {
    const key = `order:o-${++n}/shipment.stalled/1`;
    await claimNotification(
      fx.database.db,
      claim({
        idempotencyKey: key,
        workflowId: `order:o-${n}`,
        channel,
        address: channel === 'sms' ? '+8613800138000' : 'wangfang@example.com',
        body: 'x',
        claimedAt: new Date(fx.now.getTime() - 60_000),
      }),
    );
    await markNotificationSent(fx.database.db, key, {
      provider: channel === 'sms' ? 'twilio' : 'smtp',
      providerMessageId: `id-${n}`,
      status: 'sent',
      at: fx.now,
      ...(reconciled ? { reconciled } : {}),
    });
  }

  const scrape = async () => (await fx.request({ method: 'GET', url: '/metrics' })).body;

  it('counts reconciled sends and the duplicates they found, per channel, at scrape time', async () => {
    expect(await scrape()).toContain('# TYPE notify_outbox_reconciled_total counter');
    expect(await scrape()).not.toMatch(/^notify_outbox_reconciled_total\{/m);

    await sent('sms');
    await sent('sms', { duplicates: 0 });
    await sent('sms', { duplicates: 2 });
    await sent('sms', { duplicates: 1 });
    await sent('email');
    await sent('email', { duplicates: 0 });
    const body = await scrape();
    expect(body).toContain('# TYPE notify_outbox_duplicates_total counter');
    expect(body).toMatch(/^notify_outbox_reconciled_total\{channel="sms"\} 3$/m);
    expect(body).toMatch(/^notify_outbox_reconciled_total\{channel="email"\} 1$/m);
    expect(body).toMatch(/^notify_outbox_duplicates_total\{channel="sms"\} 3$/m);
    expect(body).toMatch(/^notify_outbox_duplicates_total\{channel="email"\} 0$/m);

    // Read anew on every scrape, not cached.
    await sent('email', { duplicates: 4 });
    expect(await scrape()).toMatch(/^notify_outbox_duplicates_total\{channel="email"\} 4$/m);
  });

  it('counts emails whose outcome is unknown apart from reconciled ones', async () => {
    await sent('email', { duplicates: 0 });
    const key = 'order:o-unknown/shipment.stalled/1';
    await claimNotification(
      fx.database.db,
      claim({
        idempotencyKey: key,
        workflowId: 'order:o-unknown',
        channel: 'email',
        address: 'wangfang@example.com',
        body: 'x',
        claimedAt: fx.now,
        lease: { token: 'attempt-1', expiresAt: fx.now },
      }),
    );
    expect(await recordUnknownOutcome(fx.database.db, key, 'attempt-1', fx.now)).toMatchObject({ status: 'sent' });

    const body = await scrape();
    expect(body).toMatch(/^notify_outbox_unknown_total\{channel="email"\} 1$/m);
    expect(body).toMatch(/^notify_outbox_reconciled_total\{channel="email"\} 1$/m);
  });
});

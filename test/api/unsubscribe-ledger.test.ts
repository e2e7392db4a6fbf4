import { outboxMetrics } from '../../api/observability/outbox-metrics';
import { recordUnsubscribe } from '../../api/unsubscribe/record-unsubscribe';
import { upsertCustomer } from '../../db/repositories/customers';
import { claimNotification, markNotificationSent } from '../../db/repositories/outbox';
import { createUnsubscribeToken } from '../../security/unsubscribe-token';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { claim } from '../db/helpers/rows';
import { T0 } from '../db/helpers/times';
import { deriveServiceKeys } from '../../security/keys';

const KEYS = deriveServiceKeys('unsubscribe-secret').unsubscribeLinks;

/** The database halves of the unsubscribe route and the outbox metrics, on each backend (Postgres has real concurrency). */
describe.each(BACKENDS)('unsubscribe ledger and outbox metrics on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  it('records one opt-out when the link is used many times at once', async () => {
    await upsertCustomer(t.db, {
      id: 'c-1',
      name: 'Zoe',
      phone: null,
      email: 'zoe@example.com',
      locale: 'en',
      timezone: 'Europe/London',
      preferredChannel: 'email',
      at: T0,
    });
    // The marketing mail the link came in: its outbox row names the customer and the address to opt out.
    const mailKey = 'campaign:spring/campaign/c-1';
    await claimNotification(
      t.db,
      claim({
        idempotencyKey: mailKey,
        workflowId: 'campaign:spring',
        purpose: 'campaign',
        channel: 'email',
        address: 'Zoe@Example.com',
        messageClass: 'marketing',
        claimedAt: T0,
      }),
    );
    const token = createUnsubscribeToken(KEYS, { notificationKey: mailKey, expiresAt: T0.getTime() / 1000 + 86_400 });
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => recordUnsubscribe({ db: t.db, keys: KEYS }, token, T0)),
    );
    expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(1);
    expect(outcomes.every((o) => o.locale === 'en')).toBe(true);
    const rows = await t.db.selectFrom('consent_events').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'opt_out', channel: 'email', address: 'zoe@example.com' });
  });

  it('reads reconciled, unknown and duplicate counts as numbers', async () => {
    await claimNotification(t.db, claim({ idempotencyKey: 'k-1', workflowId: 'w', body: 'x', claimedAt: T0 }));
    await markNotificationSent(t.db, 'k-1', {
      provider: 'twilio',
      providerMessageId: 'SM1',
      status: 'queued',
      at: T0,
      reconciled: { duplicates: 2 },
    });
    const families = await outboxMetrics(t.db);
    expect(families.map((f) => [f.name, f.samples])).toEqual([
      ['notify_outbox_reconciled_total', [{ labels: { channel: 'sms' }, value: 1 }]],
      ['notify_outbox_unknown_total', [{ labels: { channel: 'sms' }, value: 0 }]],
      ['notify_outbox_duplicates_total', [{ labels: { channel: 'sms' }, value: 2 }]],
    ]);
  });
});

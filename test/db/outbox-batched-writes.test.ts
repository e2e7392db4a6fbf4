import { recordDeliveryEvent } from '../../db/repositories/delivery-events';
import {
  batchedOutboxWrites,
  claimNotification,
  getNotification,
  type OutboxWrites,
} from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { claim } from './helpers/rows';
import { at } from './helpers/times';

const twilio = (providerMessageId: string) => ({ provider: 'twilio', providerMessageId });
const lease = (token: string) => ({ token, expiresAt: at(60) });

describe.each(BACKENDS)('outbox writes shared by concurrent sends on %s', (backend) => {
  let t: TestDatabase;
  let writes: OutboxWrites;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    writes = batchedOutboxWrites(t.db, { maxBatch: 16, maxInFlight: 2 });
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  it('claims and refuses many keys at once, each answered as a single call would be', async () => {
    await claimNotification(t.db, claim({ idempotencyKey: 'k/taken', body: 'the first attempt' }));
    const keys = Array.from({ length: 40 }, (_, i) => `k/${String(i).padStart(2, '0')}`);

    const results = await Promise.all([
      ...keys.map((key) => writes.claim(claim({ idempotencyKey: key, body: `body of ${key}`, lease: lease(key) }))),
      writes.refuse(claim({ idempotencyKey: 'k/refused' }), 'opted_out'),
      writes.claim(claim({ idempotencyKey: 'k/taken', body: 'a retry' })),
    ]);

    results.slice(0, 40).forEach((result, i) => {
      expect(result).toEqual({
        claimed: true,
        notification: expect.objectContaining({
          idempotency_key: keys[i],
          status: 'claimed',
          body: `body of ${keys[i]}`,
        }),
      });
    });
    expect(results[40]).toEqual({
      claimed: true,
      notification: expect.objectContaining({ status: 'suppressed', refusal_reason: 'opted_out' }),
    });
    expect(results[41]).toEqual({
      claimed: false,
      notification: expect.objectContaining({ idempotency_key: 'k/taken', body: 'the first attempt' }),
    });
    const stored = await getNotification(t.db, 'k/17');
    expect(stored).toMatchObject({ attempt_token: 'k/17', updated_at: at(0), claimed_at: at(0), status_rank: 0 });
  });

  it('lets exactly one of two simultaneous claims of a key own it', async () => {
    const [a, b] = await Promise.all([
      writes.claim(claim({ lease: lease('attempt-a') })),
      writes.claim(claim({ lease: lease('attempt-b') })),
    ]);

    expect([a?.claimed, b?.claimed].sort()).toEqual([false, true]);
    const loser = a?.claimed ? b : a;
    expect(loser?.notification).toMatchObject({ attempt_token: a?.claimed ? 'attempt-a' : 'attempt-b' });
  });

  it('records many acceptances at once, folding a status report that beat its own', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `k/${i}`);
    for (const key of keys) await claimNotification(t.db, claim({ idempotencyKey: key }));
    await recordDeliveryEvent(t.db, {
      ...twilio('SM-k/7'),
      notificationKey: null,
      status: 'delivered',
      errorCode: null,
      payload: { MessageStatus: 'delivered' },
      receivedAt: at(2),
    });

    const found = await Promise.all([
      ...keys.map((key) =>
        writes.recordProviderAcceptance(key, { ...twilio(`SM-${key}`), status: 'queued', at: at(3) }),
      ),
      writes.recordProviderAcceptance('k/never-claimed', { ...twilio('SM-x'), status: 'queued', at: at(3) }),
    ]);

    expect(found).toEqual([...keys.map(() => true), false]);
    expect(await getNotification(t.db, 'k/3')).toMatchObject({
      status: 'queued',
      provider_message_id: 'SM-k/3',
      sent_at: at(3),
      attempt_token: null,
    });
    expect(await getNotification(t.db, 'k/7')).toMatchObject({ status: 'delivered', delivered_at: at(2) });
  });

  it('fails only the acceptance that breaks a constraint, not the others sharing its statement', async () => {
    const keys = ['k/a', 'k/b', 'k/c', 'k/d'];
    for (const key of keys) await claimNotification(t.db, claim({ idempotencyKey: key }));

    const outcomes = await Promise.allSettled(
      keys.map((key) =>
        // k/b and k/c both claim provider message SM-dup, which may belong to one notification only.
        writes.recordProviderAcceptance(key, {
          ...twilio(key === 'k/b' || key === 'k/c' ? 'SM-dup' : `SM-${key}`),
          status: 'queued',
          at: at(1),
        }),
      ),
    );

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/notifications_provider_message_id_key/);
    const rows = await Promise.all(keys.map((key) => getNotification(t.db, key)));
    expect(rows.map((row) => row?.provider_message_id)).toEqual(['SM-k/a', 'SM-dup', null, 'SM-k/d']);
  });
});

import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';
import { AMBIGUOUS_SEND_HOLD_MS, CLAIM_LEASE_MS } from '../../activities/notify/claim';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';
import { T0 } from '../db/helpers/times';
import { failureOf } from './helpers/failures';
import { PHONE, seedCustomer } from './helpers/seed';

const STALL = STALL_NOTICE;
const KEY = STALL.key;

describe.each(BACKENDS)('notify: one provider call per key, whatever runs at the same time, on %s', (backend) => {
  const s = useNotifySuite(backend);

  it('two concurrent attempts with one key: the one holding the claim sends, the other backs off retryably', async () => {
    // The first create stays in flight (Twilio has stored nothing yet) until released.
    const inFlight = s.channels.twilio.holdNext();
    const first = s.runner.run(s.activities.notify, STALL, { attempt: 1 });
    await inFlight.received;

    const second = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 2 }));
    inFlight.release();
    const sent = await first;

    expect(second.type).toBe('channel.in_progress');
    expect(second.nonRetryable).toBe(false);
    expect(sent).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(s.creates()).toHaveLength(1);
    // Temporal retries the loser: it answers with the winner's result and still calls Twilio only once.
    expect(await s.runner.run(s.activities.notify, STALL, { attempt: 3 })).toEqual(sent);
    expect(s.creates()).toHaveLength(1);
    expect(s.channels.twilio.messages).toHaveLength(1);
  });

  it('many attempts racing over several keys make exactly one provider call per key', async () => {
    const keys = [1, 2, 3, 4].map((n) => ({ ...STALL, key: `order:o-1001/shipment.stalled/${n}` }));

    const outcomes = await Promise.allSettled(
      keys.flatMap((input) => [1, 2, 3].map((attempt) => s.runner.run(s.activities.notify, input, { attempt }))),
    );

    expect(s.creates()).toHaveLength(keys.length);
    expect(new Set(s.channels.twilio.messages.map((m) => m.statusCallback)).size).toBe(keys.length);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(outcome.value.status).toBe('sent');
      else expect(outcome.reason).toMatchObject({ type: 'channel.in_progress', nonRetryable: false });
    }
    for (const input of keys) {
      expect(await s.runner.run(s.activities.notify, input, { attempt: 4 })).toMatchObject({ status: 'sent' });
      expect((await getNotification(s.t.db, input.key))?.status).toBe('queued');
    }
    expect(s.creates()).toHaveLength(keys.length);
  });

  it('takes over the claim of an attempt that died once its lease ran out, and reconciles before resending', async () => {
    // Attempt 1 reached Twilio and then its worker died: the row is claimed, its lease still held.
    s.channels.twilio.failNext({ kind: 'accept-then-drop' });
    const lost = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
    expect(lost.nonRetryable).toBe(false);
    const leaseOfTheDead = await getNotification(s.t.db, KEY);
    // Twilio may have the message: the failing attempt keeps the row held for a moment rather than give it back.
    expect(leaseOfTheDead?.attempt_token).not.toBeNull();
    await s.t.db
      .updateTable('notifications')
      .set({ attempt_token: 'dead-worker', attempt_expires_at: new Date(T0.getTime() + CLAIM_LEASE_MS) })
      .where('idempotency_key', '=', KEY)
      .execute();

    s.clock.advance(CLAIM_LEASE_MS - 1_000);
    const tooEarly = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 2 }));
    s.clock.advance(1_000);
    const recovered = await s.runner.run(s.activities.notify, STALL, { attempt: 3 });

    expect(tooEarly.type).toBe('channel.in_progress');
    expect(recovered).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY, reconciled: true });
    expect(s.creates()).toHaveLength(1);
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      status: 'queued',
      provider_message_id: s.channels.twilio.messages[0]?.sid,
      reconciled_at: new Date(T0.getTime() + CLAIM_LEASE_MS),
      duplicate_count: 0,
      attempt_token: null,
    });
  });

  it('counts copies that slipped through before reconciliation, and reports them with every later answer', async () => {
    s.channels.twilio.failNext({ kind: 'accept-then-drop' });
    await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
    const claimed = await getNotification(s.t.db, KEY);
    // A second copy of the same text reached Twilio for this key a second later (say, a resend outside this path).
    s.clock.advance(1_000);
    await s.channels.sms.send({ to: PHONE, body: claimed?.body ?? '', idempotencyKey: KEY });
    s.clock.advance(AMBIGUOUS_SEND_HOLD_MS); // the first attempt's hold on the row ends

    const reconciled = await s.runner.run(s.activities.notify, STALL, { attempt: 2 });
    const later = await s.runner.run(s.activities.notify, STALL, { attempt: 3 });

    expect(reconciled).toEqual({
      status: 'sent',
      channel: 'sms',
      notificationKey: KEY,
      reconciled: true,
      duplicates: 1,
    });
    expect(later).toEqual(reconciled);
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      duplicate_count: 1,
      provider_message_id: s.channels.twilio.messages[0]?.sid,
    });
    expect(s.channels.twilio.messages).toHaveLength(2);
  });

  it('answers a re-run of a key that failed for good with the same typed failure as the first attempt', async () => {
    await seedCustomer(s.t.db, { phone: '+15005550001', email: null, at: T0 });

    const first = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));
    s.clock.advance(60 * 60_000);
    const rerun = await failureOf(s.runner.run(s.activities.notify, STALL, { attempt: 1 }));

    expect(first.type).toBe('channel.invalid_number');
    expect(rerun.type).toBe('channel.invalid_number');
    expect(rerun.nonRetryable).toBe(true);
    expect(rerun.message).not.toContain('5005550001');
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      status: 'failed',
      failure_reason: 'invalid_number',
      error_code: '21211',
    });
    expect(s.creates()).toHaveLength(1);
  });
});

import { createActivities, type NotifyActivities } from '../../activities';
import { CLAIM_LEASE_MS } from '../../activities/notify/claim';
import type { NotifyInput } from '../../activities/types';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { T0 } from '../db/helpers/times';
import { ActivityRunner } from './helpers/activity-context';
import { type TestChannels, startTestChannels } from './helpers/channels';
import { ManualClock } from './helpers/clock';
import { activityDeps, SHIPPED_POLICY } from './helpers/deps';
import { failureOf } from './helpers/failures';
import { PHONE, seedCustomer, seedShippedOrder } from './helpers/seed';

const KEY = 'order:o-1001/shipment.stalled/1';
const STALL: NotifyInput = {
  key: KEY,
  workflowId: 'order:o-1001',
  purpose: 'shipment.stalled',
  customerId: 'c-1',
  context: { orderId: 'o-1001', shipmentId: 's-1001' },
  replyWindowMs: SHIPPED_POLICY.stall.replyWindowMs,
};

describe.each(BACKENDS)('notify: one provider call per key, whatever runs at the same time, on %s', (backend) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let channels: TestChannels;
  let activities: NotifyActivities;
  let runner: ActivityRunner;

  const creates = () => channels.twilio.requests.filter((r) => r.method === 'POST');

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    await t.clear();
    clock = new ManualClock();
    channels = await startTestChannels(clock);
    activities = createActivities(activityDeps(t.db, channels, clock));
    runner = new ActivityRunner();
    await seedCustomer(t.db);
    await seedShippedOrder(t.db);
  });
  afterEach(() => channels.close());

  it('two concurrent attempts with one key: the one holding the claim sends, the other backs off retryably', async () => {
    // The first create stays in flight (Twilio has stored nothing yet) until released.
    const inFlight = channels.twilio.holdNext();
    const first = runner.run(activities.notify, STALL, { attempt: 1 });
    await inFlight.received;

    const second = await failureOf(runner.run(activities.notify, STALL, { attempt: 2 }));
    inFlight.release();
    const sent = await first;

    expect(second.type).toBe('channel.in_progress');
    expect(second.nonRetryable).toBe(false);
    expect(sent).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(creates()).toHaveLength(1);
    // Temporal retries the loser: it answers with the winner's result and still calls Twilio only once.
    expect(await runner.run(activities.notify, STALL, { attempt: 3 })).toEqual(sent);
    expect(creates()).toHaveLength(1);
    expect(channels.twilio.messages).toHaveLength(1);
  });

  it('many attempts racing over several keys make exactly one provider call per key', async () => {
    const keys = [1, 2, 3, 4].map((n) => ({ ...STALL, key: `order:o-1001/shipment.stalled/${n}` }));

    const outcomes = await Promise.allSettled(
      keys.flatMap((input) => [1, 2, 3].map((attempt) => runner.run(activities.notify, input, { attempt }))),
    );

    expect(creates()).toHaveLength(keys.length);
    expect(new Set(channels.twilio.messages.map((m) => m.statusCallback)).size).toBe(keys.length);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(outcome.value.status).toBe('sent');
      else expect(outcome.reason).toMatchObject({ type: 'channel.in_progress', nonRetryable: false });
    }
    for (const input of keys) {
      expect(await runner.run(activities.notify, input, { attempt: 4 })).toMatchObject({ status: 'sent' });
      expect((await getNotification(t.db, input.key))?.status).toBe('queued');
    }
    expect(creates()).toHaveLength(keys.length);
  });

  it('takes over the claim of an attempt that died once its lease ran out, and reconciles before resending', async () => {
    // Attempt 1 reached Twilio and then its worker died: the row is claimed, its lease still held.
    channels.twilio.failNext({ kind: 'accept-then-drop' });
    const lost = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
    expect(lost.nonRetryable).toBe(false);
    const leaseOfTheDead = await getNotification(t.db, KEY);
    expect(leaseOfTheDead?.attempt_token).toBeNull(); // a failing attempt gives its lease back at once
    await t.db
      .updateTable('notifications')
      .set({ attempt_token: 'dead-worker', attempt_expires_at: new Date(T0.getTime() + CLAIM_LEASE_MS) })
      .where('idempotency_key', '=', KEY)
      .execute();

    clock.advance(CLAIM_LEASE_MS - 1_000);
    const tooEarly = await failureOf(runner.run(activities.notify, STALL, { attempt: 2 }));
    clock.advance(1_000);
    const recovered = await runner.run(activities.notify, STALL, { attempt: 3 });

    expect(tooEarly.type).toBe('channel.in_progress');
    expect(recovered).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY, reconciled: true });
    expect(creates()).toHaveLength(1);
    expect(await getNotification(t.db, KEY)).toMatchObject({
      status: 'queued',
      provider_message_id: channels.twilio.messages[0]?.sid,
      reconciled_at: new Date(T0.getTime() + CLAIM_LEASE_MS),
      duplicate_count: 0,
      attempt_token: null,
    });
  });

  it('counts copies that slipped through before reconciliation, and reports them with every later answer', async () => {
    channels.twilio.failNext({ kind: 'accept-then-drop' });
    await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
    const claimed = await getNotification(t.db, KEY);
    // A second copy of the same text reached Twilio for this key a second later (say, a resend outside this path).
    clock.advance(1_000);
    await channels.sms.send({ to: PHONE, body: claimed?.body ?? '', idempotencyKey: KEY });
    clock.advance(2_000);

    const reconciled = await runner.run(activities.notify, STALL, { attempt: 2 });
    const later = await runner.run(activities.notify, STALL, { attempt: 3 });

    expect(reconciled).toEqual({
      status: 'sent',
      channel: 'sms',
      notificationKey: KEY,
      reconciled: true,
      duplicates: 1,
    });
    expect(later).toEqual(reconciled);
    expect(await getNotification(t.db, KEY)).toMatchObject({
      duplicate_count: 1,
      provider_message_id: channels.twilio.messages[0]?.sid,
    });
    expect(channels.twilio.messages).toHaveLength(2);
  });

  it('answers a re-run of a key that failed for good with the same typed failure as the first attempt', async () => {
    await seedCustomer(t.db, { phone: '+15005550001', email: null, at: T0 });

    const first = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));
    clock.advance(60 * 60_000);
    const rerun = await failureOf(runner.run(activities.notify, STALL, { attempt: 1 }));

    expect(first.type).toBe('channel.invalid_number');
    expect(rerun.type).toBe('channel.invalid_number');
    expect(rerun.nonRetryable).toBe(true);
    expect(rerun.message).not.toContain('5005550001');
    expect(await getNotification(t.db, KEY)).toMatchObject({
      status: 'failed',
      failure_reason: 'invalid_number',
      error_code: '21211',
    });
    expect(creates()).toHaveLength(1);
  });
});

import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';
import { CLAIM_LEASE_MS } from '../../activities/notify/claim';
import { foldDeliveryStatus, getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';

const STALL = STALL_NOTICE;
const KEY = STALL.key;

describe.each(BACKENDS)('notify: an attempt that lost its lease never overwrites its successor, on %s', (backend) => {
  const s = useNotifySuite(backend);

  it('refuses a late acceptance from an attempt whose lease was taken over, and counts its copy', async () => {
    // Attempt A's create hangs at Twilio past its lease (nothing stored yet).
    const slow = s.channels.twilio.holdNext();
    const attemptA = s.runner.run(s.activities.notify, STALL, { attempt: 1 });
    await slow.received;
    s.clock.advance(CLAIM_LEASE_MS + 1_000);

    // Attempt B takes over, looks the message up (Twilio has nothing yet), sends and records its own message.
    const resultB = await s.runner.run(s.activities.notify, STALL, { attempt: 2 });
    const sidB = (await getNotification(s.t.db, KEY))?.provider_message_id;
    expect(resultB).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });

    // Now A's create goes through: its write must not replace B's record.
    slow.release();
    const resultA = await attemptA;

    expect(s.channels.twilio.messages).toHaveLength(2);
    const sidA = s.channels.twilio.messages.find((m) => m.sid !== sidB)?.sid;
    expect(sidA).toBeDefined();
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      provider_message_id: sidB,
      duplicate_count: 1,
      attempt_token: null,
    });
    expect(resultA).toMatchObject({ status: 'sent', duplicates: 1 });
    expect(s.runner.logText()).toContain('after the attempt lost its lease');
  });

  it('refuses a permanent-failure fold from an attempt that no longer holds the lease', async () => {
    await s.t.db
      .insertInto('notifications')
      .values({
        idempotency_key: KEY,
        workflow_id: STALL.workflowId,
        purpose: STALL.purpose,
        customer_id: STALL.customerId,
        channel: 'sms',
        address: '+14155550123',
        template: STALL.purpose,
        message_class: 'transactional',
        status: 'claimed',
        claimed_at: s.clock.now(),
        attempt_token: 'attempt-B',
        attempt_expires_at: new Date(s.clock.now().getTime() + CLAIM_LEASE_MS),
      })
      .execute();

    const stale = await foldDeliveryStatus(
      s.t.db,
      { idempotencyKey: KEY },
      {
        status: 'failed',
        errorCode: '21211',
        failureReason: 'invalid_number',
        at: s.clock.now(),
        leaseToken: 'attempt-A',
      },
    );
    const owner = await foldDeliveryStatus(
      s.t.db,
      { idempotencyKey: KEY },
      {
        status: 'failed',
        errorCode: '21211',
        failureReason: 'invalid_number',
        at: s.clock.now(),
        leaseToken: 'attempt-B',
      },
    );

    expect(stale.applied).toBe(false);
    expect(stale.notification?.status).toBe('claimed');
    expect(owner.applied).toBe(true);
    expect(owner.notification).toMatchObject({ status: 'failed', failure_reason: 'invalid_number' });
  });
});

import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';
import { CLAIM_LEASE_MS } from '../../activities/notify/claim';
import { getNotification } from '../../db/repositories/outbox';
import type { NotifyInput } from '../../domain/activity-contract';
import { BACKENDS } from '../db/helpers/backends';
import { failureOf } from './helpers/failures';
import { seedCustomer } from './helpers/seed';

/** 03:00 on 2026-03-03 in Shanghai: a late timer's stall notice would wake the customer. */
const THREE_AM = new Date('2026-03-02T19:00:00Z');
/** 08:00 the same morning in Shanghai: the transactional window's next opening. */
const EIGHT_AM = new Date('2026-03-03T00:00:00Z');

const ACK: NotifyInput = {
  key: 'order:o-1001/reply.ack/1',
  workflowId: 'order:o-1001',
  purpose: 'reply.ack',
  customerId: 'c-1',
  variant: 'chase',
  context: { orderId: 'o-1001', shipmentId: 's-1001' },
};

describe.each(BACKENDS)('notify re-checks the send window at the moment of sending, on %s', (backend) => {
  const s = useNotifySuite(backend);

  it('outside the window claims nothing, calls no provider and says when the window opens', async () => {
    s.clock.set(THREE_AM);

    const result = await s.runner.run(s.activities.notify, STALL_NOTICE);

    expect(result).toEqual({
      status: 'deferred',
      until: EIGHT_AM.getTime(),
      localTime: '2026-03-03T08:00:00.000+08:00',
      notificationKey: STALL_NOTICE.key,
    });
    expect(s.creates()).toHaveLength(0);
    expect(await getNotification(s.t.db, STALL_NOTICE.key)).toBeUndefined();
  });

  it('sends once the window has opened', async () => {
    s.clock.set(EIGHT_AM);

    expect(await s.runner.run(s.activities.notify, STALL_NOTICE)).toMatchObject({ status: 'sent' });
    expect(s.creates()).toHaveLength(1);
  });

  it("uses the customer's own zone: 03:00 in Shanghai is 20:00 in Berlin, inside Berlin's window", async () => {
    await seedCustomer(s.t.db, { timezone: 'Europe/Berlin' });
    s.clock.set(THREE_AM);

    expect(await s.runner.run(s.activities.notify, STALL_NOTICE)).toMatchObject({ status: 'sent' });
  });

  it('lets exempt purposes (a direct answer to the customer) through at any hour', async () => {
    s.clock.set(THREE_AM);

    expect(await s.runner.run(s.activities.notify, ACK)).toMatchObject({ status: 'sent' });
    expect(s.creates()).toHaveLength(1);
  });

  it('a claim left by a dead attempt, not found at Twilio, is withdrawn and deferred rather than sent at night', async () => {
    s.clock.set(new Date(THREE_AM.getTime() - 10 * 60 * 60_000)); // 17:00, inside the window
    s.channels.twilio.failNext({ kind: 'drop-before-accepting' });
    await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 1 }));
    s.clock.set(new Date(THREE_AM.getTime() + CLAIM_LEASE_MS));

    const retried = await s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 2 });

    expect(retried).toMatchObject({ status: 'deferred', until: EIGHT_AM.getTime() });
    expect(s.channels.twilio.messages).toHaveLength(0);
    expect(await getNotification(s.t.db, STALL_NOTICE.key)).toMatchObject({
      status: 'suppressed',
      refusal_reason: 'window_closed',
      attempt_token: null,
    });
  });

  it('a re-run of a key already sent answers as before, whatever the hour', async () => {
    s.clock.set(EIGHT_AM);
    const sent = await s.runner.run(s.activities.notify, STALL_NOTICE);
    s.clock.set(new Date(THREE_AM.getTime() + 24 * 60 * 60_000));

    expect(await s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 2 })).toEqual(sent);
    expect(s.creates()).toHaveLength(1);
  });
});

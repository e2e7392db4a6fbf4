import { createActivities } from '../../activities';
import { AMBIGUOUS_SEND_HOLD_MS, CLAIM_LEASE_MS, MIN_LEASE_LEFT_TO_CALL_MS } from '../../activities/notify/claim';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';
import { activityDeps } from './helpers/deps';
import { failureOf } from './helpers/failures';
import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';

const KEY = STALL_NOTICE.key;

/**
 * Two ways an attempt could otherwise send while another may too: calling the provider on a lease about to run out,
 * and handing the row over at once after a send Twilio may still be processing.
 */
describe.each(BACKENDS)('notify: time left on the claim, on %s', (backend) => {
  const s = useNotifySuite(backend);

  it('sends nothing and gives the row back when the lease ran low before the provider call', async () => {
    // The first clock read is the attempt's decision; every later read is after the worker stalled for longer than
    // the lease can spare (a busy worker, a slow database), just before the provider call.
    let reads = 0;
    const stalled = () => {
      reads += 1;
      const now = s.clock.now().getTime();
      return new Date(reads === 1 ? now : now + CLAIM_LEASE_MS - MIN_LEASE_LEFT_TO_CALL_MS + 1_000);
    };
    const slowWorker = createActivities(activityDeps(s.t.db, s.channels, s.clock, { clock: stalled }));

    const failure = await failureOf(s.runner.run(slowWorker.notify, STALL_NOTICE, { attempt: 1 }));
    expect(failure.type).toBe('channel.lease_running_out');
    expect(failure.nonRetryable).toBe(false);
    expect(s.creates()).toHaveLength(0);
    expect(await getNotification(s.t.db, KEY)).toMatchObject({ status: 'claimed', attempt_token: null });

    // The retry claims the row afresh and sends it once.
    const retried = await s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 2 });
    expect(retried).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(s.channels.twilio.messages).toHaveLength(1);
  });

  it('holds the row after a send whose answer was lost, so the retry looks it up only once the hold ends', async () => {
    s.channels.twilio.failNext({ kind: 'drop-before-accepting' });
    const first = await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 1 }));
    expect(first.nonRetryable).toBe(false);

    // At once: the row is still held, so the retry neither looks up nor sends.
    const early = await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 2 }));
    expect(early.type).toBe('channel.in_progress');
    expect(s.channels.twilio.requests).toHaveLength(1);

    // After the hold: the retry takes over, finds nothing at Twilio (the dropped request stored nothing), sends one.
    s.clock.advance(AMBIGUOUS_SEND_HOLD_MS + 1_000);
    const later = await s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 3 });
    expect(later).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(s.channels.twilio.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(s.channels.twilio.messages).toHaveLength(1);
  });
});

describe('an error answer is not a lost answer', () => {
  const s = useNotifySuite(BACKENDS[0] ?? 'pglite');

  it('lets the retry look up and send at once after a 500, which ended the request', async () => {
    s.channels.twilio.failNext({ kind: 'error', status: 500 });
    await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 1 }));
    const retried = await s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 2 });
    expect(retried).toEqual({ status: 'sent', channel: 'sms', notificationKey: KEY });
    expect(s.channels.twilio.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(s.channels.twilio.messages).toHaveLength(1);
  });
});

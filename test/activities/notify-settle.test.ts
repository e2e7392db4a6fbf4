import { createActivities } from '../../activities';
import { AMBIGUOUS_SEND_HOLD_MS } from '../../activities/notify/claim';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';
import { activityDeps } from './helpers/deps';
import { failureOf } from './helpers/failures';
import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';

const KEY = STALL_NOTICE.key;

describe.each(BACKENDS)('settling a send whose activity gave up, on %s', (backend) => {
  const s = useNotifySuite(backend);
  const settle = () =>
    s.runner.run(createActivities(activityDeps(s.t.db, s.channels, s.clock)).settleNotification, { key: KEY });

  it('a provider answering 500 to every attempt: the row is failed `gave_up`, never left claimed', async () => {
    s.channels.twilio.failNext({ kind: 'error', status: 500, code: 20500, times: 3 });
    for (const attempt of [1, 2, 3]) {
      const failure = await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt }));
      expect(failure.nonRetryable).toBe(false);
      s.clock.advance(60_000);
    }
    expect((await getNotification(s.t.db, KEY))?.status).toBe('claimed');

    const settled = await settle();

    expect(settled).toEqual({ status: 'failed' });
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      status: 'failed',
      failure_reason: 'gave_up',
      attempt_token: null,
    });
    // A later re-run of the key answers with the same typed failure and calls nobody.
    const rerun = await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 9 }));
    expect(rerun).toMatchObject({ type: 'channel.gave_up', nonRetryable: true });
    expect(s.channels.twilio.messages).toHaveLength(0);
  });

  it('a message Twilio accepted before the answer was lost is recorded as sent, not failed', async () => {
    s.channels.twilio.failNext({ kind: 'accept-then-drop' });
    await failureOf(s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 1 }));
    s.clock.advance(AMBIGUOUS_SEND_HOLD_MS); // the row's hold after an ambiguous send ends

    expect(await settle()).toEqual({ status: 'queued', reconciled: true, channel: 'sms' });
    expect(await getNotification(s.t.db, KEY)).toMatchObject({
      status: 'queued',
      provider_message_id: s.channels.twilio.messages[0]?.sid,
    });
    expect(s.creates()).toHaveLength(1);
  });

  it('waits (retryably) while an attempt still holds a live lease', async () => {
    const inFlight = s.channels.twilio.holdNext();
    const sending = s.runner.run(s.activities.notify, STALL_NOTICE, { attempt: 1 });
    await inFlight.received;

    const early = await failureOf(settle());
    inFlight.release();
    await sending;

    expect(early).toMatchObject({ type: 'channel.in_progress', nonRetryable: false });
    expect(await settle()).toEqual({ status: 'queued' });
  });
});

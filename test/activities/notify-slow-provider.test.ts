import { createActivities } from '../../activities';
import { CLAIM_LEASE_MS } from '../../activities/notify/claim';
import { PROVIDER_TIMEOUTS } from '../../channels/provider-timeouts';
import { createSmtpSender, type SmtpEmailSender } from '../../channels/smtp';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';
import { MAIL_FROM } from './helpers/channels';
import { activityDeps } from './helpers/deps';
import { failureOf } from './helpers/failures';
import { STALL_NOTICE, useNotifySuite } from './helpers/notify-suite';
import { seedCustomer } from './helpers/seed';

const KEY = STALL_NOTICE.key;

describe('provider timeouts', () => {
  it('every SMTP and Twilio bound is well below the claim lease, lookup and send together included', () => {
    const smtp = PROVIDER_TIMEOUTS.smtp;
    expect(smtp.connectionTimeoutMs + smtp.greetingTimeoutMs + smtp.socketTimeoutMs).toBeLessThan(CLAIM_LEASE_MS);
    // A takeover reads up to four pages of recent messages, then sends.
    expect(5 * PROVIDER_TIMEOUTS.twilio.requestTimeoutMs).toBeLessThan(CLAIM_LEASE_MS);
  });
});

describe.each(BACKENDS)('notify by email through a relay slower than the socket timeout, on %s', (backend) => {
  const s = useNotifySuite(backend, { seedCustomer: false });
  let slowRelaySender: SmtpEmailSender | undefined;

  beforeEach(async () => {
    await seedCustomer(s.t.db, { preferredChannel: 'email' });
    // The production bounds scaled down 20 times, so the test waits milliseconds rather than seconds.
    slowRelaySender = await createSmtpSender({
      url: s.channels.smtp.url,
      from: MAIL_FROM,
      maxConnections: 1,
      connectionTimeoutMs: PROVIDER_TIMEOUTS.smtp.connectionTimeoutMs / 20,
      greetingTimeoutMs: PROVIDER_TIMEOUTS.smtp.greetingTimeoutMs / 20,
      socketTimeoutMs: PROVIDER_TIMEOUTS.smtp.socketTimeoutMs / 20,
    });
  });
  afterEach(() => slowRelaySender?.close());

  it('fails retryably before the lease runs out, and the retry records the outcome unknown without a second copy', async () => {
    const activities = createActivities(
      activityDeps(s.t.db, { sms: s.channels.sms, email: slowRelaySender as SmtpEmailSender }, s.clock),
    );
    const socketTimeoutMs = PROVIDER_TIMEOUTS.smtp.socketTimeoutMs / 20;
    // The relay takes the message, then sits on its 250 for longer than the client waits.
    s.channels.smtp.failNext({ stage: 'slow-after-data', delayMs: socketTimeoutMs * 5 });

    const started = Date.now();
    const timedOut = await failureOf(s.runner.run(activities.notify, STALL_NOTICE, { attempt: 1 }));
    const waited = Date.now() - started;

    expect(timedOut.nonRetryable).toBe(false);
    expect(timedOut.details).toEqual([expect.objectContaining({ mayHaveBeenDelivered: true })]);
    expect(waited).toBeLessThan(socketTimeoutMs * 5);
    // The attempt ended its own lease (it may have handed the message over) rather than holding it to expiry.
    expect(await getNotification(s.t.db, KEY)).toMatchObject({ status: 'claimed', attempt_expires_at: s.clock.now() });

    s.clock.advance(2_000); // Temporal's first retry interval
    const retried = await s.runner.run(activities.notify, STALL_NOTICE, { attempt: 2 });
    await new Promise((resolve) => setTimeout(resolve, socketTimeoutMs * 5)); // let the slow relay finish

    expect(retried).toMatchObject({ status: 'sent', outcomeUnknown: true });
    expect(s.channels.smtp.messages).toHaveLength(1);
  });
});

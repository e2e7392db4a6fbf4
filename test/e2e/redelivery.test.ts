import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { MockActivityEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createActivities } from '../../activities';
import { buildApi } from '../../api/server';
import { createSmtpSender, type SmtpEmailSender } from '../../channels/smtp';
import { TwilioSmsSender } from '../../channels/twilio';
import { loadConfig } from '../../config/load';
import { getNotification } from '../../db/repositories/outbox';
import type { NotifyInput } from '../../domain/activity-contract';
import { redeliveryWorkflowId } from '../../workflows/redelivery/contract';
import {
  MAIL_FROM,
  MESSAGING_SERVICE_SID,
  TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN,
} from '../activities/helpers/channels';
import { ManualClock } from '../activities/helpers/clock';
import { activityDeps, SHIPPED_POLICY } from '../activities/helpers/deps';
import { seedCustomer, seedShippedOrder } from '../activities/helpers/seed';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { type SmtpTestServer, startSmtpTestServer } from '../fakes/smtp-test-server';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake';
import { freePort } from '../helpers/free-port';
import { createTestEnv } from '../helpers/temporal-env';
import { deriveServiceKeys } from '../../security/keys';

/**
 * Issue 12, after-acceptance failures end to end: the real twilio client sends through the Twilio fake, the fake posts
 * its signed status callbacks (shuffled, duplicated) to the real API, the API starts the redelivery workflow, and the
 * real worker applies the policy through the notify activity: what the SMTP server and the fake received decides.
 */

// 10:00 on Monday 2026-03-02 in Shanghai: inside every window.
const START = '2026-03-02T02:00:00Z';

let env: TestWorkflowEnvironment;
let t: TestDatabase;
let twilio: TwilioFake;
let smtp: SmtpTestServer;
let email: SmtpEmailSender;
let api: FastifyInstance;
let worker: Worker;
let running: Promise<void>;
let sendOnce: (input: NotifyInput) => Promise<unknown>;

/** Activities read Temporal's (virtual) time: the instant their attempt was scheduled. */
const virtualClock = () => {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date(START);
  }
};

beforeAll(async () => {
  env = await createTestEnv({ extraArgs: ['--start-time', START] });
  t = await openTestDatabase(BACKENDS[BACKENDS.length - 1] ?? 'pglite');
  const publicUrl = `http://127.0.0.1:${await freePort()}`;
  twilio = await startTwilioFake({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN });
  smtp = await startSmtpTestServer();
  email = await createSmtpSender({ url: smtp.url, from: MAIL_FROM, maxConnections: 1 });
  const sms = new TwilioSmsSender({
    accountSid: TWILIO_ACCOUNT_SID,
    authToken: TWILIO_AUTH_TOKEN,
    baseUrl: twilio.url,
    messagingServiceSid: MESSAGING_SERVICE_SID,
    statusCallbackBaseUrl: publicUrl,
  });
  const config = loadConfig({
    env: {
      TWILIO_AUTH_TOKEN,
      NOTIFY_PUBLIC_URL: publicUrl,
      NOTIFY_INGEST_SECRET: 'test-ingest-secret-0123456789abcdef',
    },
  });
  const activities = createActivities(activityDeps(t.db, { sms, email }, new ManualClock(), { clock: virtualClock }));
  sendOnce = async (input) =>
    new MockActivityEnvironment({
      currentAttemptScheduledTimestampMs: await env.currentTimeMs(),
    }).run(activities.notify, input);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities,
  });
  running = worker.run();
  api = buildApi({
    db: t.db,
    workflows: env.client.workflow,
    config,
    logger: pino({ level: 'silent' }),
    clock: () => new Date(),
    keys: deriveServiceKeys('reply-link-secret-for-tests'),
  });
  await api.listen({ host: '127.0.0.1', port: Number(new URL(publicUrl).port) });
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running?.catch(() => undefined);
  await api?.close();
  email?.close();
  await Promise.allSettled([twilio?.close(), smtp?.close(), env?.teardown()]);
  await t?.close();
});

beforeEach(async () => {
  await t.clear();
  await seedCustomer(t.db);
  await seedShippedOrder(t.db);
});

const STALL: NotifyInput = {
  key: 'order:o-1001/shipment.stalled/1',
  workflowId: 'order:o-1001',
  purpose: 'shipment.stalled',
  customerId: 'c-1',
  context: { orderId: 'o-1001', shipmentId: 's-1001' },
  replyWindowMs: SHIPPED_POLICY.stall.replyWindowMs,
};

/** Sends `input` by SMS, then has Twilio report it undelivered with `code`, each report posted twice, shuffled. */
async function undelivered(input: NotifyInput, code: number): Promise<string> {
  await sendOnce(input);
  const sid = (await getNotification(t.db, input.key))?.provider_message_id ?? '';
  twilio.setStatus(sid, 'sent');
  twilio.setStatus(sid, 'undelivered', code); // the carrier's failure, after Twilio had accepted and sent it
  await twilio.flushCallbacks({ order: 'shuffled', seed: 7, duplicates: 1 });
  return sid;
}

describe('failures after Twilio accepted an SMS', () => {
  it('a transactional notice the handset never got (30003) goes by email, once, whatever the callbacks', async () => {
    const [smsCount, mailCount] = [twilio.messages.length, smtp.messages.length];
    await undelivered(STALL, 30003);

    const outcome = await env.client.workflow.getHandle(redeliveryWorkflowId(STALL.key)).result();
    await twilio.flushCallbacks({ duplicates: 2 }); // late copies start nothing new

    expect(outcome).toBe('email: sent');
    expect(smtp.messages).toHaveLength(mailCount + 1);
    expect(smtp.messages.at(-1)?.envelopeTo).toEqual(['wang.fang@customer.example']);
    expect(twilio.messages).toHaveLength(smsCount + 1);
    const original = await getNotification(t.db, STALL.key);
    const redelivered = await getNotification(t.db, `${STALL.key}/redeliver/1`);
    expect(redelivered).toMatchObject({ channel: 'email', status: 'sent' });
    // Still a prompt: answerable (by its signed links) until the original's reply window closes.
    const drift = (redelivered?.reply_expires_at?.getTime() ?? 0) - (original?.reply_expires_at?.getTime() ?? 0);
    expect(Math.abs(drift)).toBeLessThan(60_000); // the time between planning the redelivery and sending it
    expect(smtp.messages.at(-1)?.raw).toContain('/v1/reply/');
  });

  it('a service message (usage guide) is texted once more half an hour later', async () => {
    const guide: NotifyInput = {
      key: 'order:o-1001/usage.guide/1',
      workflowId: 'order:o-1001',
      purpose: 'usage.guide',
      customerId: 'c-1',
      variant: 'small_appliance',
      context: { orderId: 'o-1001' },
    };
    const [smsCount, mailCount] = [twilio.messages.length, smtp.messages.length];
    const failedAt = await env.currentTimeMs();
    await undelivered(guide, 30003);

    const outcome = await env.client.workflow.getHandle(redeliveryWorkflowId(guide.key)).result();

    expect(outcome).toBe('sms_later: sent');
    expect(twilio.messages).toHaveLength(smsCount + 2);
    const retried = await getNotification(t.db, `${guide.key}/redeliver/1`);
    expect(retried).toMatchObject({ channel: 'sms', status: 'queued' });
    expect((retried?.claimed_at.getTime() ?? 0) - failedAt).toBeGreaterThanOrEqual(30 * 60_000);
    expect(smtp.messages).toHaveLength(mailCount);
  });

  it('a time-sensitive notice hit by queue expiry (30036) with no email is not re-sent stale', async () => {
    await seedCustomer(t.db, { email: null });
    const [smsCount, mailCount] = [twilio.messages.length, smtp.messages.length];
    const second = { ...STALL, key: 'order:o-1001/shipment.stalled/2' };
    await undelivered(second, 30036);

    const outcome = await env.client.workflow.getHandle(redeliveryWorkflowId(second.key)).result();

    expect(outcome).toBe('recorded (stale_if_resent)');
    expect(twilio.messages).toHaveLength(smsCount + 1);
    expect(smtp.messages).toHaveLength(mailCount);
  });
});

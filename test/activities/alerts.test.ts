import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities';
import type { StaffAlertInput } from '../../domain/activity-contract';
import { messageIdForKey } from '../../channels/message-id';
import { getNotification } from '../../db/repositories/outbox';
import { recordTicketOpened } from '../../db/repositories/tickets';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { at, T0 } from '../db/helpers/times';
import { ActivityRunner } from './helpers/activity-context';
import { MESSAGE_ID_DOMAIN, type TestChannels, startTestChannels } from './helpers/channels';
import { ManualClock } from './helpers/clock';
import { activityDeps } from './helpers/deps';
import { startJsonReceiver } from './helpers/json-receiver';

const STAFF_MAILBOX = 'support-leads@shop.example';
const KEY = 'ticket:t-1/sla.warning/1';
const WARNING: StaffAlertInput = {
  key: KEY,
  purpose: 'sla.warning',
  ticketId: 't-1',
  customerId: 'c-1',
  orderId: 'o-1001',
  priority: 'normal',
  deadline: at(15).getTime(),
};

describe.each(BACKENDS)('alertStaff: staff alerts by email and webhook, outbox on %s', (backend) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let channels: TestChannels;
  let receiver: Awaited<ReturnType<typeof startJsonReceiver>>;
  let runner: ActivityRunner;

  const alertStaff = (alerts: Partial<ActivityDeps['alerts']>) =>
    createActivities(
      activityDeps(t.db, channels, clock, {
        alerts: { email: undefined, webhookUrl: undefined, locale: 'en', ...alerts },
      }),
    ).alertStaff;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    await t.clear();
    clock = new ManualClock();
    channels = await startTestChannels(clock);
    receiver = await startJsonReceiver();
    runner = new ActivityRunner();
    await recordTicketOpened(t.db, {
      id: 't-1',
      customerId: 'c-1',
      orderId: 'o-1001',
      priority: 'normal',
      channel: 'web',
      subject: 'The fan stopped working',
      openedAt: at(-45),
    });
  });
  afterEach(async () => {
    await Promise.all([channels.close(), receiver.close()]);
  });

  it('mails the staff mailbox and posts the webhook, once per key', async () => {
    const alert = alertStaff({ email: STAFF_MAILBOX, webhookUrl: receiver.url });

    await runner.run(alert, WARNING);
    clock.advance(60_000);
    await runner.run(alert, WARNING, { attempt: 2 });

    expect(channels.smtp.messages).toHaveLength(1);
    const mail = channels.smtp.messages[0];
    expect(mail?.envelopeTo).toEqual([STAFF_MAILBOX]);
    expect(mail?.parsed.header('subject')).toBe('[SLA warning] Case t-1: 15m left');
    expect(mail?.parsed.text).toContain('"The fan stopped working" has no first response yet');
    expect(mail?.parsed.header('message-id')).toBe(messageIdForKey(KEY, MESSAGE_ID_DOMAIN));

    expect(receiver.received).toHaveLength(1);
    const [hook] = receiver.received;
    expect(hook?.url).toBe('/hooks/staff');
    expect(hook?.headers['idempotency-key']).toBe(KEY);
    expect(hook?.headers['content-type']).toBe('application/json');
    expect(hook?.body).toEqual({
      ...WARNING,
      subject: '[SLA warning] Case t-1: 15m left',
      text: mail?.parsed.text,
      at: T0.toISOString(),
    });

    expect(await getNotification(t.db, KEY)).toMatchObject({
      workflow_id: 'ticket:t-1',
      purpose: 'sla.warning',
      customer_id: null,
      channel: 'staff',
      address: STAFF_MAILBOX,
      message_class: 'staff',
      status: 'sent',
      sent_at: T0,
    });
  });

  it('records the alert once even when neither a mailbox nor a webhook is configured', async () => {
    const alert = alertStaff({});
    const breach: StaffAlertInput = { ...WARNING, key: 'ticket:t-1/sla.breach/1', purpose: 'sla.breach' };

    await runner.run(alert, breach);
    await runner.run(alert, breach);

    expect(await getNotification(t.db, breach.key)).toMatchObject({
      status: 'sent',
      channel: 'staff',
      address: null,
      subject: '[SLA breach] Case t-1 escalated',
    });
    expect(channels.smtp.messages).toHaveLength(0);
    expect(receiver.received).toHaveLength(0);
  });

  it('fails retryably while the webhook answers 5xx, and posts it on the retry', async () => {
    const alert = alertStaff({ webhookUrl: receiver.url });
    receiver.answerWith(503);
    const low: StaffAlertInput = {
      key: 'ticket:t-1/csat.low/1',
      purpose: 'csat.low',
      ticketId: 't-1',
      customerId: 'c-1',
      orderId: 'o-1001',
      priority: 'normal',
      score: 1,
    };

    await expect(runner.run(alert, low)).rejects.toThrow('alert webhook answered 503');
    expect((await getNotification(t.db, low.key))?.status).toBe('claimed');

    receiver.answerWith(204);
    await runner.run(alert, low, { attempt: 2 });

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.body).toMatchObject({
      score: 1,
      subject: '[Low CSAT] Case t-1 scored 1 and was reopened',
    });
    expect((await getNotification(t.db, low.key))?.status).toBe('sent');
  });

  it('after the email went and the webhook failed, the retry posts the webhook without mailing staff again', async () => {
    const alert = alertStaff({ email: STAFF_MAILBOX, webhookUrl: receiver.url });
    receiver.answerWith(502);

    await expect(runner.run(alert, WARNING, { attempt: 1 })).rejects.toThrow('alert webhook answered 502');
    expect(channels.smtp.messages).toHaveLength(1);
    expect(await getNotification(t.db, KEY)).toMatchObject({ status: 'claimed', completed_parts: ['email'] });

    receiver.answerWith(204);
    clock.advance(2_000);
    await runner.run(alert, WARNING, { attempt: 2 });
    await runner.run(alert, WARNING, { attempt: 3 });

    expect(channels.smtp.messages).toHaveLength(1);
    expect(receiver.received).toHaveLength(2);
    expect(await getNotification(t.db, KEY)).toMatchObject({ status: 'sent', completed_parts: ['email'] });
  });

  it('writes staff alerts in the configured locale', async () => {
    const alert = createActivities(
      activityDeps(t.db, channels, clock, {
        alerts: { email: STAFF_MAILBOX, webhookUrl: undefined, locale: 'zh-CN' },
      }),
    ).alertStaff;

    await runner.run(alert, WARNING);

    expect((await getNotification(t.db, KEY))?.locale).toBe('zh-CN');
    expect(channels.smtp.messages[0]?.parsed.header('subject')).toBe('[SLA 预警] 服务单t-1还剩15m');
  });
});

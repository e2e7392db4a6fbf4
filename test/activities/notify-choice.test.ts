import { createActivities, type NotifyActivities } from '../../activities';
import type { NotifyInput } from '../../domain/activity-contract';
import { recordConsent, recordOptIn, recordOptOut } from '../../db/repositories/consent';
import { getNotification, listWorkflowNotifications } from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { at, T0 } from '../db/helpers/times';
import { ActivityRunner } from './helpers/activity-context';
import { type TestChannels, startTestChannels } from './helpers/channels';
import { ManualClock } from './helpers/clock';
import { activityDeps } from './helpers/deps';
import { EMAIL, PHONE, seedCustomer, seedShippedOrder } from './helpers/seed';

const DAY_MS = 24 * 60 * 60_000;

function stall(n = 1): NotifyInput {
  return {
    key: `order:o-1001/shipment.stalled/${n}`,
    workflowId: 'order:o-1001',
    purpose: 'shipment.stalled',
    customerId: 'c-1',
    context: { orderId: 'o-1001', shipmentId: 's-1001' },
  };
}

function late(): NotifyInput {
  return { ...stall(), key: 'order:o-1001/shipment.late/1', purpose: 'shipment.late' };
}

function guide(n: number): NotifyInput {
  return {
    key: `order:o-${n}/usage.guide/1`,
    workflowId: `order:o-${n}`,
    purpose: 'usage.guide',
    variant: 'small_appliance',
    customerId: 'c-1',
    context: { orderId: 'o-1001' },
  };
}

function campaign(n = 1): NotifyInput {
  return {
    key: `campaign:spring/c-1/${n}`,
    workflowId: 'campaign:spring',
    purpose: 'campaign',
    customerId: 'c-1',
    context: { campaignId: 'spring' },
  };
}

describe.each(BACKENDS)('notify: channel choice, consent, caps and language, outbox on %s', (backend) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let channels: TestChannels;
  let activities: NotifyActivities;
  let runner: ActivityRunner;

  const optOutSms = (phone = PHONE) =>
    recordOptOut(t.db, {
      channel: 'sms',
      address: phone,
      customerId: 'c-1',
      source: 'sms_keyword',
      keyword: 'STOP',
      at: at(-60),
    });

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

  describe('choosing the channel', () => {
    it('moves the message to email after an SMS opt-out when the customer has an address', async () => {
      await optOutSms();

      const result = await runner.run(activities.notify, stall());

      expect(result).toEqual({ status: 'sent', channel: 'email', notificationKey: stall().key });
      expect(channels.twilio.messages).toHaveLength(0);
      expect(channels.smtp.messages.map((m) => m.envelopeTo)).toEqual([[EMAIL]]);
      expect(await getNotification(t.db, stall().key)).toMatchObject({ channel: 'email', address: EMAIL });
    });

    it('refuses with opted_out, recorded in the outbox, when the customer opted out and has no email', async () => {
      await seedCustomer(t.db, { email: null, at: T0 });
      await optOutSms();

      const result = await runner.run(activities.notify, stall());
      const again = await runner.run(activities.notify, stall(), { attempt: 2 });

      expect(result).toEqual({ status: 'refused', reason: 'opted_out', notificationKey: stall().key });
      expect(again).toEqual(result);
      expect(await getNotification(t.db, stall().key)).toMatchObject({
        status: 'suppressed',
        refusal_reason: 'opted_out',
        customer_id: 'c-1',
        purpose: 'shipment.stalled',
        claimed_at: T0,
      });
      expect(channels.twilio.requests).toHaveLength(0);
      expect(channels.smtp.messages).toHaveLength(0);
    });

    it('texts the customer again after they opt back in with START', async () => {
      await optOutSms();
      await recordOptIn(t.db, { channel: 'sms', address: PHONE, source: 'sms_keyword', keyword: 'START', at: at(-30) });

      const result = await runner.run(activities.notify, stall());

      expect(result.status === 'sent' && result.channel).toBe('sms');
      expect(channels.twilio.messages).toHaveLength(1);
    });

    it('uses email when the customer prefers it, and SMS when the preferred email is missing', async () => {
      await seedCustomer(t.db, { preferredChannel: 'email', at: at(-1) });
      const byEmail = await runner.run(activities.notify, stall(1));
      await seedCustomer(t.db, { preferredChannel: 'email', email: null, at: T0 });
      const bySms = await runner.run(activities.notify, stall(2));

      expect(byEmail.status === 'sent' && byEmail.channel).toBe('email');
      expect(bySms.status === 'sent' && bySms.channel).toBe('sms');
    });

    it('refuses with no_contact when the customer has neither phone nor email', async () => {
      await seedCustomer(t.db, { phone: null, email: null, preferredChannel: null, at: T0 });

      const result = await runner.run(activities.notify, stall());

      expect(result).toEqual({ status: 'refused', reason: 'no_contact', notificationKey: stall().key });
      expect(await getNotification(t.db, stall().key)).toMatchObject({
        status: 'suppressed',
        refusal_reason: 'no_contact',
      });
    });

    it('refuses with unknown_customer, recorded, for a customer the database has never seen', async () => {
      const result = await runner.run(activities.notify, { ...stall(), customerId: 'c-404' });

      expect(result).toEqual({ status: 'refused', reason: 'unknown_customer', notificationKey: stall().key });
      expect(await getNotification(t.db, stall().key)).toMatchObject({
        status: 'suppressed',
        refusal_reason: 'unknown_customer',
        customer_id: 'c-404',
      });
    });
  });

  describe('marketing consent', () => {
    it('refuses marketing with no_consent when the customer never consented', async () => {
      const result = await runner.run(activities.notify, campaign());

      expect(result).toEqual({ status: 'refused', reason: 'no_consent', notificationKey: campaign().key });
      expect((await getNotification(t.db, campaign().key))?.refusal_reason).toBe('no_consent');
      expect(channels.twilio.requests).toHaveLength(0);
      expect(channels.smtp.messages).toHaveLength(0);
    });

    it('sends marketing on the channel the customer consented to', async () => {
      await recordConsent(t.db, {
        customerId: 'c-1',
        purposeClass: 'marketing',
        channel: 'email',
        granted: true,
        source: 'api',
        at: at(-60),
      });

      const result = await runner.run(activities.notify, campaign());

      expect(result.status === 'sent' && result.channel).toBe('email');
      expect(channels.twilio.messages).toHaveLength(0);
      expect(await getNotification(t.db, campaign().key)).toMatchObject({ message_class: 'marketing' });
    });

    it('stops marketing once consent is revoked', async () => {
      const consent = { customerId: 'c-1', purposeClass: 'marketing', source: 'api' as const };
      await recordConsent(t.db, { ...consent, granted: true, at: at(-60) });
      await recordConsent(t.db, { ...consent, granted: false, at: at(-30) });

      expect(await runner.run(activities.notify, campaign())).toMatchObject({
        status: 'refused',
        reason: 'no_consent',
      });
    });

    it('lets a campaign sent as a service message go without marketing consent', async () => {
      const result = await runner.run(activities.notify, { ...campaign(), messageClass: 'service' });

      expect(result.status).toBe('sent');
      expect(await getNotification(t.db, campaign().key)).toMatchObject({ message_class: 'service' });
    });
  });

  describe('frequency caps (shipped policy: service 3 a day, transactional uncapped)', () => {
    it('refuses the fourth service message within a day with frequency_capped, and allows it a day later', async () => {
      const results = [];
      for (const n of [1, 2, 3, 4]) {
        results.push(await runner.run(activities.notify, guide(n)));
        clock.advance(60 * 60_000);
      }

      expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'refused']);
      expect(results[3]).toEqual({ status: 'refused', reason: 'frequency_capped', notificationKey: guide(4).key });
      expect(await getNotification(t.db, guide(4).key)).toMatchObject({
        status: 'suppressed',
        refusal_reason: 'frequency_capped',
      });
      expect(channels.twilio.messages).toHaveLength(3);

      // A rolling day: once the first of the three is more than a day old, one more may go.
      clock.set(new Date(T0.getTime() + DAY_MS + 60_000));
      expect((await runner.run(activities.notify, guide(5))).status).toBe('sent');
    });

    it('does not count a retry of a claimed send against the cap', async () => {
      for (const n of [1, 2]) await runner.run(activities.notify, guide(n));
      channels.twilio.failNext({ kind: 'error', status: 429, code: 20429 });
      await runner.run(activities.notify, guide(3)).catch(() => undefined);

      const retried = await runner.run(activities.notify, guide(3), { attempt: 2 });

      expect(retried.status).toBe('sent');
      expect(channels.twilio.messages).toHaveLength(3);
    });

    it('never caps transactional messages', async () => {
      const results = [];
      for (const n of [1, 2, 3, 4, 5]) results.push(await runner.run(activities.notify, stall(n)));

      expect(results.every((r) => r.status === 'sent')).toBe(true);
      expect(channels.twilio.messages).toHaveLength(5);
    });
  });

  describe('language', () => {
    it('falls back from an unsupported locale (fr) to zh-CN copy, with dates written the zh-CN way', async () => {
      await seedCustomer(t.db, { locale: 'fr', at: T0 });

      await runner.run(activities.notify, late());

      const body = channels.twilio.messages[0]?.body ?? '';
      expect(body).toContain('没能在承诺的3月1日前送达');
      expect(body).not.toMatch(/mars/);
      expect((await getNotification(t.db, late().key))?.locale).toBe('zh-CN');
    });

    it('uses the en copy for en-US, with the date in the customer’s zone', async () => {
      await seedCustomer(t.db, { locale: 'en-US', timezone: 'America/New_York', name: 'Dana', at: T0 });
      // T0 is 21:00 in New York, outside the transactional window notify now checks at send time: 09:00 instead.
      clock.set(new Date(T0.getTime() + 12 * 60 * 60_000));

      await runner.run(activities.notify, late());

      const body = channels.twilio.messages[0]?.body ?? '';
      expect(body).toMatch(/^优品生活: Hi Dana, we're sorry: order o-1001 didn't arrive by March 1 as we promised/);
      expect(body).toContain(
        'Reply 1 to have us chase the courier, 2 for a reship or a refund, 3 to talk to a person.',
      );
      expect((await getNotification(t.db, late().key))?.locale).toBe('en');
    });

    it('uses zh-CN copy for a customer with no locale at all', async () => {
      await seedCustomer(t.db, { locale: null, at: T0 });

      await runner.run(activities.notify, stall());

      expect(channels.twilio.messages[0]?.body).toContain('抱歉让您久等了');
      expect((await listWorkflowNotifications(t.db, 'order:o-1001'))[0]?.locale).toBe('zh-CN');
    });
  });
});

import { createActivities, type NotifyActivities } from '../../activities';
import { REPLY_LINK_INBOUND_PROVIDER } from '../../activities/records';
import { REPLY_LINK_PROVIDER } from '../../api/reply-link/record-link-choice';
import { recordInboundMessage } from '../../db/repositories/inbound';
import { claimNotification } from '../../db/repositories/outbox';
import { listOrderActions } from '../../db/repositories/service-actions';
import { recordShipmentCreated, recordShipmentProgress } from '../../db/repositories/shipments';
import { getSurveyResponse } from '../../db/repositories/surveys';
import { getTicket, recordTicketResolved } from '../../db/repositories/tickets';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { at, T0 } from '../db/helpers/times';
import { ActivityRunner } from './helpers/activity-context';
import { ManualClock } from './helpers/clock';
import { activityDeps, SHIPPED_POLICY } from './helpers/deps';
import { EMAIL, PHONE, seedCustomer, seedShippedOrder, type ShippedOrder } from './helpers/seed';

/** Planning and bookkeeping never send; these senders make that a failure rather than an assumption. */
const NO_CHANNELS = {
  sms: {
    send: () => Promise.reject(new Error('this activity must not send SMS')),
    lookup: () => Promise.reject(new Error('this activity must not look up SMS')),
  },
  email: { send: () => Promise.reject(new Error('this activity must not send email')) },
};

describe.each(BACKENDS)('the activities that plan and record, on %s', (backend) => {
  let t: TestDatabase;
  let clock: ManualClock;
  let activities: NotifyActivities;
  let runner: ActivityRunner;
  let order: ShippedOrder;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    await t.clear();
    clock = new ManualClock();
    activities = createActivities(activityDeps(t.db, NO_CHANNELS, clock));
    runner = new ActivityRunner();
    await seedCustomer(t.db);
    order = await seedShippedOrder(t.db);
  });

  // T0 is 2026-03-02 02:00 UTC: 10:00 in Shanghai, 21:00 the evening before in New York (EST, before DST starts).
  describe('planSend, in the recipient’s zone', () => {
    it('holds a transactional message at 21:00 New York time until 08:00 there', async () => {
      await seedCustomer(t.db, { timezone: 'America/New_York' });

      const plan = await runner.run(activities.planSend, {
        customerId: 'c-1',
        purpose: 'shipment.stalled',
        notBefore: T0.getTime(),
      });

      expect(plan).toEqual({
        sendAt: Date.parse('2026-03-02T13:00:00Z'),
        localTime: '2026-03-02T08:00:00.000-05:00',
        zone: 'America/New_York',
      });
    });

    it('sends at once when the customer’s local time is inside the window', async () => {
      await seedCustomer(t.db, { timezone: 'Asia/Shanghai' });

      const plan = await runner.run(activities.planSend, {
        customerId: 'c-1',
        purpose: 'usage.guide',
        notBefore: T0.getTime(),
      });

      expect(plan).toEqual({ sendAt: T0.getTime(), localTime: '2026-03-02T10:00:00.000+08:00', zone: 'Asia/Shanghai' });
    });

    it.each([
      ['has no zone', null],
      ['has an invalid zone', 'Mars/Olympus_Mons'],
    ])('uses the store’s default zone when the customer %s', async (_case, timezone) => {
      await seedCustomer(t.db, { timezone });

      const plan = await runner.run(activities.planSend, {
        customerId: 'c-1',
        purpose: 'shipment.stalled',
        notBefore: at(-9 * 60).getTime(), // 01:00 in Shanghai: the window opens at 08:00
      });

      expect(SHIPPED_POLICY.defaultTimezone).toBe('Asia/Shanghai');
      expect(plan).toEqual({
        sendAt: Date.parse('2026-03-02T00:00:00Z'),
        localTime: '2026-03-02T08:00:00.000+08:00',
        zone: 'Asia/Shanghai',
      });
    });

    it('uses the store’s default zone for a customer the database does not know', async () => {
      const plan = await runner.run(activities.planSend, {
        customerId: 'c-404',
        purpose: 'shipment.stalled',
        notBefore: T0.getTime(),
      });

      expect(plan).toMatchObject({ sendAt: T0.getTime(), zone: 'Asia/Shanghai' });
    });

    it('lets a direct answer go at once even in the middle of the night', async () => {
      await seedCustomer(t.db, { timezone: 'America/New_York' });

      const plan = await runner.run(activities.planSend, {
        customerId: 'c-1',
        purpose: 'reply.ack',
        notBefore: T0.getTime(),
      });

      expect(plan).toMatchObject({ sendAt: T0.getTime(), zone: 'America/New_York' });
    });

    it('plans "two days after delivery at 10:00" on the customer’s calendar, not the server’s', async () => {
      await seedCustomer(t.db, { timezone: 'America/New_York' });

      // Delivered at T0: 1 March in New York, though already 2 March in UTC.
      const plan = await runner.run(activities.planSend, {
        customerId: 'c-1',
        purpose: 'usage.guide',
        notBefore: T0.getTime(),
        delay: { anchor: T0.getTime(), days: 2, atLocal: '10:00' },
      });

      expect(plan).toEqual({
        sendAt: Date.parse('2026-03-03T15:00:00Z'),
        localTime: '2026-03-03T10:00:00.000-05:00',
        zone: 'America/New_York',
      });
    });
  });

  describe('shipmentProgress', () => {
    it('returns the time of the latest scan, however late the scans arrived', async () => {
      await recordShipmentProgress(t.db, {
        shipmentId: order.shipmentId,
        eventId: 'ev-scan-3',
        status: 'out_for_delivery',
        location: '上海浦东',
        description: null,
        occurredAt: at(-60),
      });
      // Arrives last but happened before everything else.
      await recordShipmentProgress(t.db, {
        shipmentId: order.shipmentId,
        eventId: 'ev-scan-0',
        status: 'picked_up',
        location: '深圳',
        description: null,
        occurredAt: at(-3 * 24 * 60),
      });

      expect(await runner.run(activities.shipmentProgress, order.shipmentId)).toEqual({
        lastProgressAt: at(-60).getTime(),
      });
    });

    it('counts the shipment’s creation as progress before any scan, and knows nothing of unknown shipments', async () => {
      await recordShipmentCreated(t.db, {
        id: 's-2',
        orderId: order.orderId,
        carrier: '中通',
        trackingNumber: null,
        promisedDeliveryBy: null,
        shippedAt: at(-30),
      });

      expect(await runner.run(activities.shipmentProgress, 's-2')).toEqual({ lastProgressAt: at(-30).getTime() });
      expect(await runner.run(activities.shipmentProgress, 's-404')).toEqual({ lastProgressAt: null });
    });
  });

  describe('recordAction', () => {
    it('records an action once per key, at the activity clock’s time', async () => {
      const chase = {
        key: 'order:o-1001/carrier.chase/1',
        action: 'carrier.chase' as const,
        customerId: 'c-1',
        orderId: order.orderId,
        shipmentId: order.shipmentId,
        detail: 'customer chose 1',
      };
      await runner.run(activities.recordAction, chase);
      clock.advance(5 * 60_000);
      await runner.run(activities.recordAction, { ...chase, detail: 'a retry' }, { attempt: 2 });

      const actions = await listOrderActions(t.db, order.orderId);
      expect(actions).toHaveLength(1);
      expect(actions[0]).toMatchObject({
        key: chase.key,
        action: 'carrier.chase',
        shipment_id: order.shipmentId,
        ticket_id: null,
        detail: 'customer chose 1',
        at: T0,
      });
    });
  });

  describe('recordSurveyResponse', () => {
    it('records the first score for the check-in prompt and ignores a second one', async () => {
      const answer = {
        key: 'ticket:t-1/ticket.checkin/1/score',
        ticketId: 't-1',
        customerId: 'c-1',
        orderId: order.orderId,
        score: 2,
      };
      await runner.run(activities.recordSurveyResponse, answer);
      clock.advance(60_000);
      await runner.run(activities.recordSurveyResponse, { ...answer, score: 5 });

      expect(await getSurveyResponse(t.db, 'ticket:t-1/ticket.checkin/1')).toMatchObject({
        ticket_id: 't-1',
        customer_id: 'c-1',
        order_id: order.orderId,
        score: 2,
        responded_at: T0,
      });
    });
  });

  describe('recordSurveyResponse: the channel the score came in on', () => {
    const PROMPT = 'ticket:t-1/ticket.checkin/1';
    const score = (inboundId?: string) => ({
      key: `${PROMPT}/score`,
      ticketId: 't-1',
      customerId: 'c-1',
      score: 4,
      ...(inboundId === undefined ? {} : { inboundId }),
    });
    const inbound = (provider: string) =>
      recordInboundMessage(t.db, {
        provider,
        providerMessageId: `${provider}-1`,
        from: PHONE,
        to: provider,
        body: '4',
        receivedAt: T0,
        customerId: 'c-1',
      });
    const checkIn = (channel: 'sms' | 'email') =>
      claimNotification(t.db, {
        idempotencyKey: PROMPT,
        workflowId: 'ticket:t-1',
        purpose: 'ticket.checkin',
        customerId: 'c-1',
        channel,
        address: channel === 'sms' ? PHONE : EMAIL,
        template: 'ticket.checkin',
        variant: null,
        locale: 'zh-CN',
        subject: null,
        body: '1-5?',
        messageClass: 'service',
        replyExpiresAt: at(24 * 60),
        claimedAt: at(-60),
      });

    it('is email, with the inbound message, when the customer clicked a link in the check-in email', async () => {
      const { message } = await inbound(REPLY_LINK_PROVIDER);

      await runner.run(activities.recordSurveyResponse, score(String(message.id)));

      expect(await getSurveyResponse(t.db, PROMPT)).toMatchObject({ channel: 'email', inbound_message_id: message.id });
    });

    it('is sms, with the inbound message, when the customer texted the score back', async () => {
      await checkIn('email'); // the inbound message decides, not the prompt
      const { message } = await inbound('twilio');

      await runner.run(activities.recordSurveyResponse, score(String(message.id)));

      expect(await getSurveyResponse(t.db, PROMPT)).toMatchObject({ channel: 'sms', inbound_message_id: message.id });
    });

    it('falls back to the channel of the check-in when a workflow passed no inbound message', async () => {
      await checkIn('email');

      await runner.run(activities.recordSurveyResponse, score());

      expect(await getSurveyResponse(t.db, PROMPT)).toMatchObject({ channel: 'email', inbound_message_id: null });
    });

    it('names reply-link messages the way the API records them', () => {
      expect(REPLY_LINK_INBOUND_PROVIDER).toBe(REPLY_LINK_PROVIDER);
    });
  });

  describe('recordTicket', () => {
    const menuTicket = {
      ticketId: 'o-1001-T1',
      customerId: 'c-1',
      orderId: 'o-1001',
      priority: 'high' as const,
      reason: 'shipment_stalled',
      status: 'open' as const,
    };

    it('opens a ticket from a reply menu once, saying which menu it came from', async () => {
      await runner.run(activities.recordTicket, menuTicket);
      clock.advance(60_000);
      await runner.run(activities.recordTicket, menuTicket, { attempt: 2 });

      expect(await getTicket(t.db, menuTicket.ticketId)).toMatchObject({
        customer_id: 'c-1',
        order_id: 'o-1001',
        priority: 'high',
        channel: 'reply_menu',
        subject: 'Opened from the shipment stalled reply menu',
        status: 'open',
        opened_at: T0,
      });
    });

    it('reopens a resolved ticket', async () => {
      await runner.run(activities.recordTicket, menuTicket);
      await recordTicketResolved(t.db, {
        ticketId: menuTicket.ticketId,
        resolution: 'reship',
        reshipShipmentId: null,
        at: at(60),
      });
      clock.set(at(3 * 24 * 60));

      await runner.run(activities.recordTicket, { ...menuTicket, status: 'reopened' });

      expect(await getTicket(t.db, menuTicket.ticketId)).toMatchObject({
        status: 'open',
        reopen_count: 1,
        reopened_at: at(3 * 24 * 60),
      });
    });
  });
});

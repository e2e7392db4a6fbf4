import {
  addCampaignRecipients,
  campaignProgress,
  createCampaign,
  pendingRecipients,
  recordRecipientOutcome,
  setCampaignStatus,
} from '../../db/repositories/campaigns';
import { findCustomerByEmail, findCustomerByPhone, getCustomer, upsertCustomer } from '../../db/repositories/customers';
import { listDeliveryEvents, recordDeliveryEvent } from '../../db/repositories/delivery-events';
import {
  forgetEvents,
  getIngestEvent,
  listOrderEvents,
  listUnappliedEvents,
  markEventsApplied,
  recordIngestEvent,
} from '../../db/repositories/event-log';
import { listUnmatchedInbound, markInboundHandled, recordInboundMessage } from '../../db/repositories/inbound';
import { getOrder, markOrderCancelled, markReturnRequested, recordOrderPlaced } from '../../db/repositories/orders';
import { listOrderActions, recordServiceAction } from '../../db/repositories/service-actions';
import { getSurveyResponse, recordSurveyResponse } from '../../db/repositories/surveys';
import {
  getTicket,
  hasOpenTicketForOrder,
  recordFirstResponse,
  recordTicketOpened,
  recordTicketReopened,
  recordTicketResolved,
} from '../../db/repositories/tickets';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { at } from './helpers/times';

/** The write-once and latest-wins rules of the other aggregates, each as the workflows and the API rely on them. */
describe.each(BACKENDS)('records on %s', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  describe('customers', () => {
    const customer = {
      id: 'c-1',
      name: '欧阳文静',
      phone: '+8613800138000',
      email: 'Wenjing@Example.com',
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      preferredChannel: 'sms' as const,
      at: at(10),
    };

    it('upserts, keeping the newest change when an older one arrives late', async () => {
      await upsertCustomer(t.db, customer);
      const newer = await upsertCustomer(t.db, { ...customer, phone: '+8613900139000', at: at(20) });
      const stale = await upsertCustomer(t.db, { ...customer, phone: '+8613700137000', at: at(15) });

      expect(newer).toMatchObject({ phone: '+8613900139000', email: 'wenjing@example.com', updated_at: at(20) });
      expect(stale).toEqual(newer);
      expect(await getCustomer(t.db, 'c-1')).toEqual(newer);
      expect((await findCustomerByPhone(t.db, '+8613900139000'))?.id).toBe('c-1');
      expect((await findCustomerByEmail(t.db, 'WENJING@example.com'))?.id).toBe('c-1');
      expect(await findCustomerByPhone(t.db, '+8613800138000')).toBeUndefined();
    });
  });

  describe('orders', () => {
    const placement = {
      id: 'o-1',
      customerId: 'c-1',
      items: [
        { sku: 'FAN-1', name: '落地电风扇', category: 'small_appliance', quantity: 1 },
        { sku: 'TEE-2', name: 'T-shirt', category: 'apparel', quantity: 2 },
      ],
      promisedDeliveryBy: at(3 * 24 * 60),
      placedAt: at(0),
    };

    it('records an order with its items, and replaces the items when recorded again', async () => {
      await recordOrderPlaced(t.db, placement);
      await recordOrderPlaced(t.db, { ...placement, items: [placement.items[1]!] });

      const stored = await getOrder(t.db, 'o-1');
      expect(stored?.order).toMatchObject({ customer_id: 'c-1', promised_delivery_by: at(3 * 24 * 60) });
      expect(stored?.items).toEqual([
        { order_id: 'o-1', line_no: 1, sku: 'TEE-2', name: 'T-shirt', category: 'apparel', quantity: 2 },
      ]);
    });

    it('leaves nothing behind when an item is invalid', async () => {
      const bad = { ...placement, items: [...placement.items, { sku: 'X', name: 'x', category: null, quantity: 0 }] };
      await expect(recordOrderPlaced(t.db, bad)).rejects.toMatchObject({ code: '23514' });
      expect(await getOrder(t.db, 'o-1')).toBeUndefined();
    });

    it('records cancellation and a return request once each', async () => {
      await recordOrderPlaced(t.db, placement);
      expect(await markOrderCancelled(t.db, 'o-1', at(5))).toBe(true);
      expect(await markOrderCancelled(t.db, 'o-1', at(6))).toBe(false);
      expect(await markReturnRequested(t.db, { orderId: 'o-1', reason: 'too loud', at: at(7) })).toBe(true);
      expect(await markReturnRequested(t.db, { orderId: 'o-1', reason: null, at: at(8) })).toBe(false);
      expect((await getOrder(t.db, 'o-1'))?.order).toMatchObject({
        cancelled_at: at(5),
        return_requested_at: at(7),
        return_reason: 'too loud',
      });
    });
  });

  describe('the ingest event log', () => {
    const event = {
      eventId: 'evt-1',
      type: 'order.placed',
      occurredAt: at(0),
      receivedAt: at(1),
      payload: { orderId: 'o-1', items: [{ sku: 'FAN-1', quantity: 1 }], promisedDeliveryBy: null },
      orderId: 'o-1',
      customerId: 'c-1',
      source: 'api',
    };

    it('records an event id once and says whether it was new, left unapplied, or applied', async () => {
      expect(await recordIngestEvent(t.db, event)).toBe('new');
      // Recorded but never marked applied (the request died): a repeat must apply it, not call it a duplicate.
      expect(await recordIngestEvent(t.db, { ...event, type: 'order.cancelled', receivedAt: at(2) })).toBe('unapplied');
      expect(await listUnappliedEvents(t.db, at(2), 10)).toEqual([expect.objectContaining({ event_id: 'evt-1' })]);
      await markEventsApplied(t.db, ['evt-1'], at(3));
      expect(await recordIngestEvent(t.db, event)).toBe('applied');
      expect(await listUnappliedEvents(t.db, at(4), 10)).toEqual([]);
      await forgetEvents(t.db, ['evt-1']); // an applied id is never forgotten
      expect(await getIngestEvent(t.db, 'evt-1')).toMatchObject({
        type: 'order.placed',
        payload: event.payload,
        received_at: at(1),
        applied_at: at(3),
        order_id: 'o-1',
        shipment_id: null,
      });
    });

    it('forgets an unapplied id, so the retry of a refused or failed event is new', async () => {
      await recordIngestEvent(t.db, event);
      await forgetEvents(t.db, ['evt-1']);
      expect(await recordIngestEvent(t.db, event)).toBe('new');
    });

    it('keeps the first copy of an event id', async () => {
      await recordIngestEvent(t.db, event);
      await recordIngestEvent(t.db, { ...event, type: 'order.cancelled', receivedAt: at(2) });
      expect(await getIngestEvent(t.db, 'evt-1')).toMatchObject({
        type: 'order.placed',
        payload: event.payload,
        received_at: at(1),
        order_id: 'o-1',
        shipment_id: null,
      });
    });

    it('lists an order’s events in the order they happened', async () => {
      await recordIngestEvent(t.db, { ...event, eventId: 'evt-2', type: 'shipment.created', occurredAt: at(60) });
      await recordIngestEvent(t.db, event);
      expect((await listOrderEvents(t.db, 'o-1')).map((e) => e.event_id)).toEqual(['evt-1', 'evt-2']);
    });
  });

  describe('tickets', () => {
    const opening = {
      id: 'o-1-T1',
      customerId: 'c-1',
      orderId: 'o-1',
      priority: 'normal' as const,
      channel: 'sms_menu',
      subject: 'shipment stalled',
      openedAt: at(0),
    };

    it('opens once, records the first response once, resolves and reopens', async () => {
      expect((await recordTicketOpened(t.db, opening)).isNew).toBe(true);
      const again = await recordTicketOpened(t.db, { ...opening, priority: 'high' });
      expect(again).toMatchObject({ isNew: false, ticket: { priority: 'normal', status: 'open' } });
      expect(await hasOpenTicketForOrder(t.db, 'o-1')).toBe(true);

      expect(await recordFirstResponse(t.db, 'o-1-T1', at(20))).toBe(true);
      expect(await recordFirstResponse(t.db, 'o-1-T1', at(30))).toBe(false);

      const resolution = { ticketId: 'o-1-T1', resolution: 'reship' as const, reshipShipmentId: 's-2', at: at(60) };
      expect(await recordTicketResolved(t.db, resolution)).toBe(true);
      expect(await recordTicketResolved(t.db, resolution)).toBe(false);
      expect(await hasOpenTicketForOrder(t.db, 'o-1')).toBe(false);

      expect(await recordTicketReopened(t.db, 'o-1-T1', at(90))).toBe(true);
      expect(await recordTicketReopened(t.db, 'o-1-T1', at(91))).toBe(false);
      expect(await getTicket(t.db, 'o-1-T1')).toMatchObject({
        status: 'open',
        first_response_at: at(20),
        resolution: 'reship',
        reship_shipment_id: 's-2',
        reopened_at: at(90),
        reopen_count: 1,
      });
      expect(await hasOpenTicketForOrder(t.db, 'o-1')).toBe(true);
      expect(await hasOpenTicketForOrder(t.db, 'o-2')).toBe(false);
    });
  });

  describe('delivery events', () => {
    it('keeps each distinct callback once', async () => {
      const callback = {
        provider: 'twilio',
        providerMessageId: 'SM1',
        notificationKey: 'order:o-1/shipment.stalled/1',
        errorCode: null,
        payload: { MessageStatus: 'sent' },
        receivedAt: at(1),
      };
      expect(await recordDeliveryEvent(t.db, { ...callback, status: 'sent' })).toEqual({ isNew: true });
      expect(await recordDeliveryEvent(t.db, { ...callback, status: 'sent', receivedAt: at(2) })).toEqual({
        isNew: false,
      });
      expect(await recordDeliveryEvent(t.db, { ...callback, status: 'delivered' })).toEqual({ isNew: true });
      const stored = await listDeliveryEvents(t.db, 'twilio', 'SM1');
      expect(stored.map((e) => [e.status, e.received_at, e.payload])).toEqual([
        ['sent', at(1), { MessageStatus: 'sent' }],
        ['delivered', at(1), { MessageStatus: 'sent' }],
      ]);
    });
  });

  describe('inbound messages', () => {
    const inbound = {
      provider: 'twilio',
      providerMessageId: 'SMin1',
      from: '+8613800138000',
      to: '+15005550006',
      body: '２',
      receivedAt: at(0),
      customerId: 'c-1',
    };

    it('stores a webhook retry once and records how each message was handled', async () => {
      const first = await recordInboundMessage(t.db, inbound);
      const retry = await recordInboundMessage(t.db, { ...inbound, receivedAt: at(1) });
      expect(first.isNew).toBe(true);
      // Stored but not yet handled: the retry is told so, and must finish the work.
      expect(retry).toEqual({ isNew: false, handled: false, message: first.message });

      const other = await recordInboundMessage(t.db, { ...inbound, providerMessageId: 'SMin2', body: 'hello?' });
      await markInboundHandled(t.db, first.message.id, {
        handledAs: 'reply',
        matchedNotificationKey: 'order:o-1/shipment.stalled/1',
        matchedWorkflowId: 'order:o-1',
        at: at(1),
      });
      await markInboundHandled(t.db, other.message.id, {
        handledAs: 'unmatched',
        matchedNotificationKey: null,
        matchedWorkflowId: null,
        at: at(1),
      });

      expect((await listUnmatchedInbound(t.db)).map((m) => m.body)).toEqual(['hello?']);
      expect(await recordInboundMessage(t.db, { ...inbound, receivedAt: at(2) })).toMatchObject({
        isNew: false,
        handled: true,
      });
    });

    it('stores messages without a provider id every time', async () => {
      await recordInboundMessage(t.db, { ...inbound, provider: 'simulation', providerMessageId: null });
      const second = await recordInboundMessage(t.db, { ...inbound, provider: 'simulation', providerMessageId: null });
      expect(second.isNew).toBe(true);
    });
  });

  describe('campaigns', () => {
    const campaign = {
      id: 'camp-1',
      name: 'fan guide push',
      template: 'campaign',
      messageClass: 'marketing',
      channel: null,
      definition: { audience: { sku: 'FAN-1' }, variants: [{ name: 'guide_push', weight: 1 }], holdout: 0.1 },
      dryRun: false,
      startsAt: at(60),
      at: at(0),
    };

    it('stores a campaign once, so a re-run resumes the stored one', async () => {
      expect((await createCampaign(t.db, campaign)).created).toBe(true);
      const rerun = await createCampaign(t.db, { ...campaign, name: 'renamed', at: at(5) });
      expect(rerun).toMatchObject({ created: false, campaign: { name: 'fan guide push', status: 'draft' } });
      expect(rerun.campaign.definition).toEqual(campaign.definition);
      expect(await setCampaignStatus(t.db, 'camp-1', 'running', at(60))).toMatchObject({ status: 'running' });
    });

    it('adds each recipient once, and tracks their outcomes', async () => {
      await createCampaign(t.db, campaign);
      const page1 = [
        { customerId: 'c-1', variant: 'guide_push', holdout: false },
        { customerId: 'c-2', variant: 'guide_push', holdout: true },
      ];
      const page2 = [
        { customerId: 'c-2', variant: 'other', holdout: false },
        { customerId: 'c-3', variant: 'guide_push', holdout: false },
      ];
      expect(await addCampaignRecipients(t.db, 'camp-1', page1, at(1))).toEqual(['c-1', 'c-2']);
      expect(await addCampaignRecipients(t.db, 'camp-1', page2, at(2))).toEqual(['c-3']);

      expect((await pendingRecipients(t.db, 'camp-1', 10)).map((r) => r.customer_id)).toEqual(['c-1', 'c-3']);
      const outcome = { campaignId: 'camp-1', customerId: 'c-1', reason: null, at: at(3) };
      expect(await recordRecipientOutcome(t.db, { ...outcome, status: 'sent', notificationKey: 'k/c-1' })).toBe(true);
      expect(await recordRecipientOutcome(t.db, { ...outcome, status: 'failed', notificationKey: null })).toBe(false);

      expect(await campaignProgress(t.db, 'camp-1')).toEqual({ pending: 1, sent: 1, skipped: 1, failed: 0 });
    });
  });

  describe('survey responses', () => {
    it('keeps the first answer to a prompt', async () => {
      const answer = {
        promptKey: 'ticket:t-1/ticket.checkin/1',
        ticketId: 't-1',
        orderId: null,
        customerId: 'c-1',
        score: 2,
        channel: 'sms',
        inboundMessageId: null,
        respondedAt: at(0),
      };
      expect((await recordSurveyResponse(t.db, answer)).isNew).toBe(true);
      const second = await recordSurveyResponse(t.db, { ...answer, score: 5, respondedAt: at(1) });
      expect(second).toMatchObject({ isNew: false, response: { score: 2, responded_at: at(0) } });
      expect(await getSurveyResponse(t.db, answer.promptKey)).toEqual(second.response);
    });
  });

  describe('service actions', () => {
    it('records an action once per key', async () => {
      const chase = {
        key: 'order:o-1/carrier.chase/1',
        action: 'carrier.chase',
        customerId: 'c-1',
        orderId: 'o-1',
        shipmentId: 's-1',
        ticketId: null,
        detail: 'chased SF about SF1234567890123',
        at: at(5),
      };
      expect(await recordServiceAction(t.db, chase)).toEqual({ isNew: true });
      expect(await recordServiceAction(t.db, { ...chase, at: at(6) })).toEqual({ isNew: false });
      await recordServiceAction(t.db, { ...chase, key: 'order:o-1/ticket.open/1', action: 'ticket.open', at: at(1) });
      expect((await listOrderActions(t.db, 'o-1')).map((a) => [a.action, a.at])).toEqual([
        ['ticket.open', at(1)],
        ['carrier.chase', at(5)],
      ]);
    });
  });
});

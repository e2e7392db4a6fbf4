import { DateTime } from 'luxon';
import { stateQuery } from '../../workflows/order-journey/contract';
import { ticketStateQuery } from '../../workflows/support-ticket/contract';
import { localMinute, type Scenario, toSecond, WorkflowHarness } from './harness';

const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

/** Places an order for a customer in Shanghai and ships it now; returns ids and the shipment time. */
async function shipOrder(s: Scenario, category = 'small_appliance') {
  const orderId = `o-${s.suffix}`;
  const customerId = `c-${s.suffix}`;
  const shipmentId = `s-${s.suffix}`;
  s.fake.zones.set(customerId, ZONE);
  const items = [{ sku: 'FAN-01', name: 'Fan', category, quantity: 1 }];
  await s.orderEvent(orderId, customerId, 'order.placed', { customerId, items });
  const shippedAt = await s.now();
  await s.orderEvent(orderId, customerId, 'shipment.created', {
    shipmentId,
    carrier: 'SF',
    trackingNumber: 'SF123',
  });
  return { orderId, customerId, shipmentId, shippedAt };
}

async function stalledOrder(s: Scenario) {
  await s.goToLocal(ZONE, '10:00');
  const order = await shipOrder(s);
  // No scans at all: the stall is declared 48 h after shipping, at 10:00 local, inside the window.
  await s.sleepUntil(order.shippedAt + 48 * HOUR);
  expect(s.sentOf('shipment.stalled')).toHaveLength(1);
  return order;
}

describe('stall watchdog', () => {
  it('waits for 08:00 local when a stall is detected at night', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '22:30');
      const { shippedAt, orderId } = await shipOrder(s);
      await s.sleepUntil(shippedAt + 48 * HOUR); // 22:30 two days later: the stall, at night
      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
      const state = await s.harness.env.client.workflow.getHandle(`order:${orderId}`).query(stateQuery);
      expect(state.scheduled).toEqual([
        { what: 'shipment.stalled', at: expect.stringMatching(/T08:00:00\.000\+08:00$/) },
      ]);

      await s.sleepUntil(shippedAt + 58 * HOUR);
      const [notice] = s.sentOf('shipment.stalled');
      expect(localMinute(notice?.at ?? 0, ZONE)).toBe(
        DateTime.fromMillis(shippedAt + 58 * HOUR, { zone: ZONE }).toFormat("yyyy-LL-dd'T'08:00"),
      );
      expect(notice?.replyWindowMs).toBe(24 * HOUR);
    }));

  it('re-arms from the recorded last scan instead of notifying', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '10:00');
      const { shippedAt, shipmentId } = await shipOrder(s);
      await s.sleepUntil(shippedAt + 30 * HOUR, 0);
      s.fake.progress.set(shipmentId, shippedAt + 30 * HOUR); // the API records a scan; the workflow is not woken
      await s.sleepUntil(shippedAt + 48 * HOUR);
      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
      await s.sleepUntil(shippedAt + 78 * HOUR);
      const notices = s.sentOf('shipment.stalled');
      expect(notices).toHaveLength(1);
      expect(toSecond(notices[0]?.at ?? 0)).toBe(toSecond(shippedAt + 78 * HOUR));
    }));

  it('says nothing when the parcel moved while the notice waited for the window', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '22:30');
      const { shippedAt, shipmentId } = await shipOrder(s);
      await s.sleepUntil(shippedAt + 49 * HOUR, 0); // stalled at 22:30, the notice waits for 08:00
      s.fake.progress.set(shipmentId, shippedAt + 49 * HOUR);
      await s.sleepUntil(shippedAt + 60 * HOUR);
      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
    }));

  it('sends at most two stall notices per shipment', () =>
    harness.run(async (s) => {
      const { shippedAt } = await stalledOrder(s);
      await s.sleepUntil(shippedAt + 12 * DAY);
      const notices = s.sentOf('shipment.stalled');
      expect(notices).toHaveLength(2);
      // No reply: the follow-up comes 48 h after the first notice.
      expect(toSecond((notices[1]?.at ?? 0) - (notices[0]?.at ?? 0))).toBe(48 * HOUR);
    }));
});

describe('the reply menu', () => {
  it.each(['1', '１', '催'])('%j chases the courier and confirms', (body) =>
    harness.run(async (s) => {
      const { orderId } = await stalledOrder(s);
      await s.replyToLatestPrompt(body);
      await s.sleep(60_000);
      expect(s.fake.actions.map((a) => [a.action, a.orderId])).toEqual([['carrier.chase', orderId]]);
      expect(s.sentOf('reply.ack').map((m) => m.variant)).toEqual(['chase']);
    }),
  );

  it.each([
    ['２', 'normal', 'ticket'],
    ['补发', 'normal', 'ticket'],
    ['三', 'high', 'ticket_urgent'],
    ['人工', 'high', 'ticket_urgent'],
  ])('%j opens a %s ticket as a child workflow, confirmed by reply.ack', (body, priority, variant) =>
    harness.run(async (s) => {
      const { orderId } = await stalledOrder(s);
      await s.replyToLatestPrompt(body);
      await s.sleep(60_000);
      const ticketId = `${orderId}-T1`;
      const ticket = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).query(ticketStateQuery);
      expect(ticket).toMatchObject({ ticketId, priority, orderId, stage: 'open' });
      const [ack] = s.sentOf('reply.ack');
      expect(ack).toMatchObject({ variant, context: { orderId, ticketId } });
      expect(ack?.facts?.expectedResponseMs).toBe(priority === 'high' ? 30 * 60_000 : HOUR);
      expect(s.sentOf('ticket.ack')).toHaveLength(0); // the reply.ack replaces it
      expect(s.fake.actions.map((a) => a.action)).toEqual(['ticket.open']);
      // While the ticket is open, no more stall notices.
      await s.sleep(6 * DAY);
      expect(s.sentOf('shipment.stalled')).toHaveLength(1);
    }),
  );

  it('asks once for clarification, then hands a second unreadable reply to a person', () =>
    harness.run(async (s) => {
      const { orderId } = await stalledOrder(s);
      await s.replyToLatestPrompt('where is my parcel??');
      await s.sleep(60_000);
      expect(s.sentOf('reply.clarify')).toHaveLength(1);
      await s.replyToLatestPrompt('hello?');
      await s.sleep(60_000);
      expect(s.sentOf('reply.clarify')).toHaveLength(1);
      expect(s.sentOf('reply.ack').map((m) => m.variant)).toEqual(['ticket_review']);
      const ticket = await s.harness.env.client.workflow.getHandle(`ticket:${orderId}-T1`).query(ticketStateQuery);
      expect(ticket.priority).toBe('normal');
    }));

  it('does nothing more without a reply until the follow-up check', () =>
    harness.run(async (s) => {
      const { shippedAt } = await stalledOrder(s);
      await s.sleepUntil(shippedAt + 48 * HOUR + 47 * HOUR);
      expect(s.fake.sent.map((m) => m.purpose)).toEqual(['shipment.stalled']);
      await s.sleepUntil(shippedAt + 96 * HOUR);
      expect(s.fake.sent.map((m) => m.purpose)).toEqual(['shipment.stalled', 'shipment.stalled']);
    }));
});

describe('delivery', () => {
  it('sends the usage guide for the category two days after delivery at 10:00 local, then ends', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '09:00');
      const { orderId, customerId, shipmentId } = await shipOrder(s, 'apparel');
      await s.goToLocal(ZONE, '19:00');
      const deliveredAt = await s.now();
      await s.orderEvent(orderId, customerId, 'shipment.delivered', { shipmentId });
      await s.sleepUntil(deliveredAt + 3 * DAY);
      const [guide] = s.sentOf('usage.guide');
      expect(guide?.variant).toBe('apparel');
      expect(localMinute(guide?.at ?? 0, ZONE)).toBe(
        DateTime.fromMillis(deliveredAt, { zone: ZONE }).plus({ days: 2 }).toFormat("yyyy-LL-dd'T'10:00"),
      );
      const result: unknown = await s.harness.env.client.workflow.getHandle(`order:${orderId}`).result();
      expect(result).toBe('completed');
    }));

  it('skips the guide when a return was requested', () =>
    harness.run(async (s) => {
      const { orderId, customerId, shipmentId } = await shipOrder(s);
      await s.orderEvent(orderId, customerId, 'shipment.delivered', { shipmentId });
      await s.sleep(DAY);
      await s.orderEvent(orderId, customerId, 'return.requested', {});
      await s.sleep(3 * DAY);
      expect(s.sentOf('usage.guide')).toHaveLength(0);
    }));

  it('ignores a duplicate event id and an event older than what it knows', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '10:00');
      const { orderId, customerId, shipmentId, shippedAt } = await shipOrder(s);
      await s.sleep(HOUR);
      const exception = { id: `e-${s.suffix}`, occurredAt: await s.now() };
      await s.orderEvent(orderId, customerId, 'shipment.exception', { shipmentId, reason: 'damaged' }, exception);
      await s.orderEvent(orderId, customerId, 'shipment.exception', { shipmentId, reason: 'damaged' }, exception);
      // A 'lost' report dated before the 'damaged' one arrives late: stale, ignored.
      await s.orderEvent(
        orderId,
        customerId,
        'shipment.exception',
        { shipmentId, reason: 'lost' },
        { occurredAt: shippedAt },
      );
      await s.sleep(HOUR);
      expect(s.sentOf('shipment.exception').map((m) => m.variant)).toEqual(['damaged']);
    }));

  it('checks in one day after a reshipped parcel is delivered, at 10:00 local', () =>
    harness.run(async (s) => {
      const { orderId, customerId } = await stalledOrder(s);
      await s.replyToLatestPrompt('2');
      await s.sleep(60_000);
      const ticketId = `${orderId}-T1`;
      const reshipId = `r-${s.suffix}`;
      await s.ticketEvent(ticketId, customerId, 'ticket.agent_replied', { agentId: 'agent-7' });
      await s.ticketEvent(ticketId, customerId, 'ticket.resolved', {
        resolution: 'reship',
        reshipShipmentId: reshipId,
      });
      await s.sleep(60_000);
      await s.orderEvent(orderId, customerId, 'shipment.created', {
        shipmentId: reshipId,
        carrier: 'SF',
        trackingNumber: 'SF9',
      });
      await s.goToLocal(ZONE, '15:00');
      const deliveredAt = await s.now();
      await s.orderEvent(orderId, customerId, 'shipment.delivered', { shipmentId: reshipId });
      await s.sleepUntil(deliveredAt + 2 * DAY);
      const [checkin] = s.sentOf('ticket.checkin');
      expect(checkin?.variant).toBe('reship');
      expect(localMinute(checkin?.at ?? 0, ZONE)).toBe(
        DateTime.fromMillis(deliveredAt, { zone: ZONE }).plus({ days: 1 }).toFormat("yyyy-LL-dd'T'10:00"),
      );
      expect(s.sentOf('shipment.stalled')).toHaveLength(1);
    }));

  it('records and ignores a signal with an unknown type or a malformed payload, and carries on', () =>
    harness.run(async (s) => {
      const { orderId, customerId, shipmentId } = await shipOrder(s);
      const handle = s.harness.env.client.workflow.getHandle(`order:${orderId}`);
      await handle.signal('orderEvent', {
        id: 'x-1',
        type: 'order.shipped',
        occurredAt: new Date().toISOString(),
        data: {},
      });
      await handle.signal('orderEvent', { id: 'x-2', type: 'shipment.delivered', occurredAt: 'yesterday', data: {} });
      await handle.signal('orderEvent', {
        id: 'x-3',
        type: 'shipment.delivered',
        occurredAt: new Date().toISOString(),
        data: { orderId },
      });
      await s.sleep(60_000);
      const state = await handle.query(stateQuery);
      expect(state.ignored).toEqual([
        'unknown event type order.shipped',
        'no valid occurredAt',
        'data lacks shipmentId',
      ]);
      await s.orderEvent(orderId, customerId, 'shipment.delivered', { shipmentId });
      await s.sleep(3 * DAY);
      expect(s.sentOf('usage.guide')).toHaveLength(1);
    }));

  it('continues as new when its history grows long, losing no state and no signal', () =>
    harness.run(async (s) => {
      const orderId = `o-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      const shipmentId = `s-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      await s.goToLocal(ZONE, '10:00');
      const handle = await s.harness.env.client.workflow.start('orderJourney', {
        workflowId: `order:${orderId}`,
        taskQueue: s.taskQueue,
        args: [{ orderId, customerId, policy: s.harness.policy, historyLimit: 20 }],
      });
      const firstRunId = handle.firstExecutionRunId;
      const items = [{ sku: 'TEE-1', name: 'Tee', category: 'apparel', quantity: 1 }];
      await s.orderEvent(orderId, customerId, 'order.placed', { customerId, items });
      await s.orderEvent(orderId, customerId, 'shipment.created', { shipmentId, carrier: 'SF', trackingNumber: 'SF1' });
      // A burst of signals, some of them repeats: every one must be seen exactly once across the runs.
      for (let i = 0; i < 12; i++) {
        await s.orderEvent(
          orderId,
          customerId,
          'shipment.exception',
          { shipmentId, reason: 'customs' },
          { id: `e-${i % 4}` },
        );
      }
      // The apology goes out before the parcel arrives (a delivery in the same batch would make it moot). On a busy
      // machine the burst can take a while to drain, so wait for the apology rather than for a fixed time.
      for (let i = 0; i < 10 && s.sentOf('shipment.exception').length === 0; i++) await s.sleep(60_000);
      await s.orderEvent(orderId, customerId, 'shipment.delivered', { shipmentId });
      await s.sleep(3 * DAY);
      const latest = s.harness.env.client.workflow.getHandle(`order:${orderId}`);
      const description = await latest.describe();
      expect(description.runId).not.toBe(firstRunId);
      expect(await latest.result()).toBe('completed');
      expect(s.sentOf('shipment.exception')).toHaveLength(1);
      expect(s.sentOf('usage.guide').map((m) => m.variant)).toEqual(['apparel']);
    }));

  it('apologises once when the promised delivery date passes undelivered', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '09:00');
      const orderId = `o-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      const promised = (await s.now()) + 30 * HOUR; // 15:00 local the next day
      const items = [{ sku: 'FAN-01', name: 'Fan', category: 'small_appliance', quantity: 1 }];
      await s.orderEvent(orderId, customerId, 'order.placed', {
        customerId,
        items,
        promisedDeliveryBy: new Date(promised).toISOString(),
      });
      await s.orderEvent(orderId, customerId, 'shipment.created', {
        shipmentId: `s-${s.suffix}`,
        carrier: 'SF',
        trackingNumber: 'SF1',
      });
      s.fake.progress.set(`s-${s.suffix}`, promised); // the parcel keeps moving: no stall, just late
      await s.sleepUntil(promised + 3 * DAY);
      const late = s.sentOf('shipment.late');
      expect(late).toHaveLength(1);
      expect(toSecond(late[0]?.at ?? 0)).toBe(toSecond(promised));
      expect(late[0]?.replyWindowMs).toBe(24 * HOUR);
    }));

  it('ends when the ticket from its menu is resolved with a refund', () =>
    harness.run(async (s) => {
      const { orderId, customerId } = await stalledOrder(s);
      await s.replyToLatestPrompt('2');
      await s.sleep(60_000);
      await s.ticketEvent(`${orderId}-T1`, customerId, 'ticket.resolved', { resolution: 'refund' });
      const result: unknown = await s.harness.env.client.workflow.getHandle(`order:${orderId}`).result();
      expect(result).toBe('refunded');
    }));

  it('resumes the watchdog on the original parcel after any other resolution', () =>
    harness.run(async (s) => {
      const { orderId, customerId } = await stalledOrder(s);
      await s.replyToLatestPrompt('3');
      await s.sleep(60_000);
      await s.ticketEvent(`${orderId}-T1`, customerId, 'ticket.resolved', { resolution: 'info' });
      await s.sleep(60_000);
      const state = await s.harness.env.client.workflow.getHandle(`order:${orderId}`).query(stateQuery);
      expect(state.shipments[0]?.phase).not.toBe('paused');
      await s.sleep(4 * DAY);
      // Still no progress: the second (and last) stall notice goes out.
      expect(s.sentOf('shipment.stalled')).toHaveLength(2);
    }));
});

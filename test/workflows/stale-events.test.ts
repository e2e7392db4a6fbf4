import { localMinute, type Scenario, WorkflowHarness } from './harness';

/** architecture.md 6.3: an event received more than `staleAfter` (24 h) after it happened messages nobody by itself. */

const ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

/** Sends an order event that happened `agoMs` before now and reaches the workflow now (receivedAt = now). */
async function late(
  s: Scenario,
  type: Parameters<Scenario['orderEvent']>[2],
  data: Record<string, unknown>,
  agoMs: number,
) {
  const now = await s.now();
  const ids = { orderId: `o-${s.suffix}`, customerId: `c-${s.suffix}` };
  await s.orderEvent(ids.orderId, ids.customerId, type, data, { occurredAt: now - agoMs, receivedAt: now });
}

/** An order placed and shipped `agoMs` ago, both reported only now (a backfill after an outage). */
async function staleShippedOrder(s: Scenario, agoMs: number) {
  const customerId = `c-${s.suffix}`;
  const shipmentId = `s-${s.suffix}`;
  s.fake.zones.set(customerId, ZONE);
  const items = [{ sku: 'FAN-01', name: 'Fan', category: 'small_appliance', quantity: 1 }];
  await late(s, 'order.placed', { customerId, items }, agoMs + HOUR);
  await late(s, 'shipment.created', { shipmentId, carrier: 'SF', trackingNumber: 'SF1' }, agoMs);
  return { orderId: `o-${s.suffix}`, customerId, shipmentId };
}

const journeyResult = (s: Scenario, orderId: string) =>
  s.harness.env.client.workflow.getHandle(`order:${orderId}`).result() as Promise<unknown>;

describe('stale order events', () => {
  it('arms the stall watchdog from when a stale shipment.created arrived, not from its old occurredAt', () =>
    harness.run(async (s) => {
      const arrived = await s.goToLocal(ZONE, '10:00');
      await staleShippedOrder(s, 72 * HOUR); // created three days ago, no scans since
      await s.sleep(HOUR);
      // Armed from occurredAt the stall (48 h) would be long overdue and noticed at once.
      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
      await s.sleepUntil(arrived + 48 * HOUR);
      const notices = s.sentOf('shipment.stalled');
      expect(notices).toHaveLength(1);
      // The worker's clock runs on a little while it works: within a few seconds of arrival + 48 h.
      expect(Math.abs((notices[0]?.at ?? 0) - (arrived + 48 * HOUR))).toBeLessThan(5_000);
    }));

  it('sends no apology for a stale shipment.exception, and still apologises for a fresh one', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '10:00');
      const { shipmentId } = await staleShippedOrder(s, 40 * HOUR);
      await late(s, 'shipment.exception', { shipmentId, reason: 'damaged' }, 30 * HOUR);
      await s.sleep(2 * HOUR);
      expect(s.sentOf('shipment.exception')).toHaveLength(0);
      await late(s, 'shipment.exception', { shipmentId, reason: 'customs' }, MINUTE);
      await s.sleep(HOUR);
      expect(s.sentOf('shipment.exception').map((m) => m.variant)).toEqual(['customs']);
    }));

  it('finishes without a guide when a stale shipment.delivered arrives after its guide time', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '12:00');
      const { orderId, shipmentId } = await staleShippedOrder(s, 6 * DAY);
      await late(s, 'shipment.delivered', { shipmentId }, 4 * DAY); // guide was due 2 days ago at 10:00
      expect(await journeyResult(s, orderId)).toBe('completed');
      expect(s.sentOf('usage.guide')).toHaveLength(0);
      expect(s.fake.sent).toEqual([]);
    }));

  it('still sends the guide at its time when a stale shipment.delivered arrives before it', () =>
    harness.run(async (s) => {
      const arrived = await s.goToLocal(ZONE, '12:00');
      const { orderId, shipmentId } = await staleShippedOrder(s, 3 * DAY);
      await late(s, 'shipment.delivered', { shipmentId }, 26 * HOUR); // delivered yesterday 10:00: guide tomorrow 10:00
      expect(await journeyResult(s, orderId)).toBe('completed');
      const [guide] = s.sentOf('usage.guide');
      expect(localMinute(guide?.at ?? 0, ZONE)).toBe(localMinute(arrived + 22 * HOUR, ZONE));
    }));

  it('sends no late-delivery apology for a promised date that had passed before the stale news arrived', () =>
    harness.run(async (s) => {
      await s.goToLocal(ZONE, '10:00');
      const now = await s.now();
      const customerId = `c-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      const items = [{ sku: 'FAN-01', name: 'Fan', category: 'small_appliance', quantity: 1 }];
      const promisedDeliveryBy = new Date(now - 2 * DAY).toISOString();
      await late(s, 'order.placed', { customerId, items, promisedDeliveryBy }, 5 * DAY);
      await s.sleep(DAY);
      expect(s.sentOf('shipment.late')).toHaveLength(0);
    }));
});

describe('a stale ticket.opened', () => {
  async function openStaleTicket(s: Scenario, agoMs: number) {
    const ticketId = `t-${s.suffix}`;
    const customerId = `c-${s.suffix}`;
    s.fake.zones.set(customerId, ZONE);
    const now = await s.goToLocal(ZONE, '14:00');
    await s.ticketEvent(
      ticketId,
      customerId,
      'ticket.opened',
      { customerId, priority: 'normal', channel: 'email', subject: 'Fan' },
      { priority: 'normal' },
      { occurredAt: now - agoMs, receivedAt: now },
    );
    return { ticketId, customerId, arrived: now };
  }

  it('sends no ticket.ack, one sla.breach to staff and no holding message to the customer', () =>
    harness.run(async (s) => {
      const { arrived } = await openStaleTicket(s, 30 * HOUR); // its 1 h SLA ran out 29 h ago
      await s.sleepUntil(arrived + DAY);
      expect(s.sentOf('ticket.ack')).toHaveLength(0);
      expect(s.sentOf('ticket.sla_holding')).toHaveLength(0);
      expect(s.fake.alerts.map((a) => a.purpose)).toEqual(['sla.breach']);
      expect(s.fake.sent).toEqual([]);
    }));

  it('asks for no check-in when a stale ticket.resolved arrives after the check-in was due, and closes', () =>
    harness.run(async (s) => {
      const { ticketId, customerId, arrived } = await openStaleTicket(s, 6 * DAY);
      await s.ticketEvent(ticketId, customerId, 'ticket.resolved', { resolution: 'info' }, undefined, {
        occurredAt: arrived - 5 * DAY, // its check-in was due two days ago at 10:00
        receivedAt: arrived,
      });
      const result: unknown = await s.harness.env.client.workflow.getHandle(`ticket:${ticketId}`).result();
      expect(result).toBe('closed');
      expect(s.fake.sent).toEqual([]);
    }));

  it('still checks in at its time when a stale ticket.resolved arrives before the check-in is due', () =>
    harness.run(async (s) => {
      const { ticketId, customerId, arrived } = await openStaleTicket(s, 2 * DAY);
      await s.ticketEvent(ticketId, customerId, 'ticket.resolved', { resolution: 'info' }, undefined, {
        occurredAt: arrived - 30 * HOUR,
        receivedAt: arrived,
      });
      await s.sleepUntil(arrived + 3 * DAY);
      expect(s.sentOf('ticket.checkin')).toHaveLength(1);
    }));

  it('an on-time ticket.opened one minute old still gets the ack, warning, breach and holding message', () =>
    harness.run(async (s) => {
      const { arrived } = await openStaleTicket(s, MINUTE);
      await s.sleepUntil(arrived + 2 * HOUR);
      expect(s.sentOf('ticket.ack')).toHaveLength(1);
      expect(s.fake.alerts.map((a) => a.purpose)).toEqual(['sla.warning', 'sla.breach']);
      expect(s.sentOf('ticket.sla_holding')).toHaveLength(1);
    }));
});

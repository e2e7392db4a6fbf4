import { DateTime } from 'luxon';
import { localMinute, type Scenario, WorkflowHarness } from './harness';

/**
 * A timer whose work runs late (the worker was down across 21:00): the notify activity finds itself at 03:00 local,
 * defers, and the workflow puts the message back on its agenda, re-checking its relevance when the window opens.
 * The fake notify applies the real window decision (domain/send-now.ts) to the clock `notifyClock` gives it.
 */

const ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

/** The next send runs `lateByMs` after it was due, as a worker back from an outage would run it; later ones on time. */
function workerDownOnce(s: Scenario, lateByMs: number): void {
  let late = true;
  s.fake.notifyClock = (scheduledAt) => {
    if (!late) return scheduledAt;
    late = false;
    return scheduledAt + lateByMs;
  };
}

/** The 08:00 local that follows `instant`. */
function eightAfter(instant: number): number {
  const local = DateTime.fromMillis(instant, { zone: ZONE });
  const today = local.set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  return (today.toMillis() > instant ? today : today.plus({ days: 1 })).toMillis();
}

/** A parcel shipped at 20:58 local with no scans: its stall is declared two days later at 20:58, inside the window. */
async function stallAtNineteenFiftyEight(s: Scenario) {
  const orderId = `o-${s.suffix}`;
  const customerId = `c-${s.suffix}`;
  const shipmentId = `s-${s.suffix}`;
  s.fake.zones.set(customerId, ZONE);
  await s.goToLocal(ZONE, '20:58');
  const items = [{ sku: 'FAN-01', name: 'Fan', category: 'small_appliance', quantity: 1 }];
  await s.orderEvent(orderId, customerId, 'order.placed', { customerId, items });
  const shippedAt = await s.now();
  await s.orderEvent(orderId, customerId, 'shipment.created', { shipmentId, carrier: 'SF', trackingNumber: 'SF1' });
  return { shipmentId, stallAt: shippedAt + 48 * HOUR };
}

describe('a send whose timer ran late', () => {
  it('the stall notice waits for 08:00 local instead of going at 03:00, then goes exactly once', () =>
    harness.run(async (s) => {
      const { stallAt } = await stallAtNineteenFiftyEight(s);
      workerDownOnce(s, 6 * HOUR); // the 20:58 send is picked up at 02:58
      await s.sleepUntil(stallAt, 5 * MINUTE);

      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
      const [deferral] = s.fake.deferred;
      expect(localMinute(deferral?.at ?? 0, ZONE)).toMatch(/T02:58$/);
      const opening = eightAfter(stallAt + 6 * HOUR);
      expect(deferral?.until).toBe(opening);

      await s.sleepUntil(opening - MINUTE, 0);
      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
      await s.sleepUntil(opening + 2 * HOUR);
      const notices = s.sentOf('shipment.stalled');
      expect(notices).toHaveLength(1);
      expect(localMinute(notices[0]?.at ?? 0, ZONE)).toBe(localMinute(opening, ZONE));
      expect(s.fake.deferred).toHaveLength(1);
    }));

  it('re-checks relevance at the opening: a parcel that moved meanwhile gets no stall notice', () =>
    harness.run(async (s) => {
      const { shipmentId, stallAt } = await stallAtNineteenFiftyEight(s);
      workerDownOnce(s, 6 * HOUR);
      await s.sleepUntil(stallAt, 5 * MINUTE);
      expect(s.fake.deferred).toHaveLength(1);

      s.fake.progress.set(shipmentId, stallAt + 7 * HOUR); // a scan at 03:58, recorded by the API
      await s.sleepUntil(eightAfter(stallAt + 6 * HOUR) + 2 * HOUR);

      expect(s.sentOf('shipment.stalled')).toHaveLength(0);
    }));

  it("the ticket's holding message deferred past 21:00 is dropped when an agent replies before the opening", () =>
    harness.run(async (s) => {
      const ticketId = `t-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      await s.goToLocal(ZONE, '19:30');
      const openedAt = await s.now();
      await s.ticketEvent(ticketId, customerId, 'ticket.opened', {
        customerId,
        priority: 'normal',
        channel: 'email',
        subject: 'Fan',
      });
      await s.sleep(MINUTE); // ticket.ack (exempt) goes at once
      workerDownOnce(s, 7 * HOUR); // the 20:30 holding message is picked up at 03:30
      await s.sleepUntil(openedAt + HOUR, 5 * MINUTE);
      expect(s.fake.deferred.map((d) => d.purpose)).toEqual(['ticket.sla_holding']);
      expect(s.sentOf('ticket.sla_holding')).toHaveLength(0);

      await s.sleepUntil(eightAfter(openedAt + 8 * HOUR) - HOUR, 0);
      await s.ticketEvent(ticketId, customerId, 'ticket.agent_replied', { agentId: 'agent-7' });
      await s.sleepUntil(eightAfter(openedAt + 8 * HOUR) + HOUR);

      expect(s.sentOf('ticket.sla_holding')).toHaveLength(0);
    }));

  it("without the agent's reply, the holding message goes once at 08:00 local", () =>
    harness.run(async (s) => {
      const ticketId = `t-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      await s.goToLocal(ZONE, '19:30');
      const openedAt = await s.now();
      await s.ticketEvent(ticketId, customerId, 'ticket.opened', {
        customerId,
        priority: 'normal',
        channel: 'email',
        subject: 'Fan',
      });
      await s.sleep(MINUTE);
      workerDownOnce(s, 7 * HOUR);
      const opening = eightAfter(openedAt + 8 * HOUR);
      await s.sleepUntil(opening + HOUR);

      const holding = s.sentOf('ticket.sla_holding');
      expect(holding).toHaveLength(1);
      expect(localMinute(holding[0]?.at ?? 0, ZONE)).toBe(localMinute(opening, ZONE));
    }));
});

describe('a usage guide whose timer ran late', () => {
  it('picked up at 22:00 local, it waits for the 09:00 service opening and goes once', () =>
    harness.run(async (s) => {
      const orderId = `o-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      const shipmentId = `s-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      await s.goToLocal(ZONE, '12:00');
      const items = [{ sku: 'FAN-01', name: 'Fan', category: 'small_appliance', quantity: 1 }];
      await s.orderEvent(orderId, customerId, 'order.placed', { customerId, items });
      await s.orderEvent(orderId, customerId, 'shipment.created', { shipmentId, carrier: 'SF', trackingNumber: 'SF1' });
      await s.orderEvent(orderId, customerId, 'shipment.delivered', { shipmentId });
      // Delivered at 12:00 today: the guide is due at 10:00 local two days on (the day after tomorrow's 10:00).
      const guideAt = (await s.nextLocal(ZONE, '10:00')) + 24 * HOUR;
      workerDownOnce(s, 12 * HOUR); // the 10:00 guide is picked up at 22:00

      await s.sleepUntil(guideAt, 5 * MINUTE);
      expect(s.sentOf('usage.guide')).toHaveLength(0);
      expect(s.fake.deferred.map((d) => d.purpose)).toEqual(['usage.guide']);

      const opening = s.fake.deferred[0]?.until ?? 0;
      expect(localMinute(opening, ZONE)).toMatch(/T09:00$/);
      await s.sleepUntil(opening + HOUR);
      const guides = s.sentOf('usage.guide');
      expect(guides).toHaveLength(1);
      expect(localMinute(guides[0]?.at ?? 0, ZONE)).toBe(localMinute(opening, ZONE));
    }));
});

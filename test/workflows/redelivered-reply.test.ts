import { randomUUID } from 'node:crypto';
import { customerReplySignal } from '../../workflows/order-journey/contract';
import { redeliveryKey } from '../../workflows/redelivery/contract';
import { WorkflowHarness } from './harness';

const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;

let harness: WorkflowHarness;

beforeAll(async () => {
  harness = await WorkflowHarness.start();
}, 120_000);

afterAll(async () => {
  await harness?.teardown();
});

describe('a reply to a redelivered prompt (SMS retry or email fallback after a failed SMS)', () => {
  it('answers the stall menu as a reply to the original would', () =>
    harness.run(async (s) => {
      const orderId = `o-${s.suffix}`;
      const customerId = `c-${s.suffix}`;
      s.fake.zones.set(customerId, ZONE);
      await s.goToLocal(ZONE, '10:00');
      const items = [{ sku: 'FAN-01', name: 'Fan', category: 'small_appliance', quantity: 1 }];
      await s.orderEvent(orderId, customerId, 'order.placed', { customerId, items });
      const shippedAt = await s.now();
      await s.orderEvent(orderId, customerId, 'shipment.created', { shipmentId: `s-${s.suffix}`, carrier: 'SF' });
      await s.sleepUntil(shippedAt + 48 * HOUR);
      const [notice] = s.sentOf('shipment.stalled');
      expect(notice).toBeDefined();

      const other = { inboundId: randomUUID(), promptKey: `${notice?.key ?? ''}/redeliver/2`, choice: 1 };
      const handle = s.harness.env.client.workflow.getHandle(`order:${orderId}`);
      await handle.signal(customerReplySignal, { ...other, receivedAt: await s.now() });
      await s.sleep(60_000);
      expect(s.fake.actions.map((a) => a.action)).toEqual([]);

      const reply = { inboundId: randomUUID(), promptKey: redeliveryKey(notice?.key ?? ''), choice: 1 };
      await handle.signal(customerReplySignal, { ...reply, receivedAt: await s.now() });
      await s.sleep(60_000);

      expect(s.fake.actions.map((a) => a.action)).toEqual(['carrier.chase']);
      expect(s.sentOf('reply.ack')).toHaveLength(1);
    }));
});

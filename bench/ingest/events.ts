/**
 * The ingest bench's load: orders that are placed and then shipped, each event a milestone that wakes the order's
 * journey (signal-with-start), so every event costs the API the same Temporal call the direct baseline makes.
 */
export interface BenchEvent {
  readonly id: string;
  readonly type: 'order.placed' | 'shipment.created';
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

export const BENCH_CUSTOMER = 'c-bench';

/** The two milestones of order `index` in run `tag`, in the order they must arrive. */
export function orderMilestones(tag: string, index: number, at: Date): [BenchEvent, BenchEvent] {
  const orderId = `bench-${tag}-${index}`;
  const occurredAt = at.toISOString();
  return [
    {
      id: `${orderId}-placed`,
      type: 'order.placed',
      occurredAt,
      data: {
        orderId,
        customerId: BENCH_CUSTOMER,
        items: [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }],
      },
    },
    {
      id: `${orderId}-shipped`,
      type: 'shipment.created',
      occurredAt,
      data: { orderId, shipmentId: `${orderId}-s1`, carrier: 'sf-express', trackingNumber: `SF${index}` },
    },
  ];
}

import { shiftToNow } from '../../client/events/shift-to-now';

const line = (n: number, value: unknown) => ({ line: n, value });

describe('notify events send --now: shiftToNow', () => {
  const now = new Date('2026-12-02T06:30:00Z');

  it('moves every instant by one amount so the first event happens now, keeping each offset and the spacing', () => {
    const lines = [
      line(1, {
        id: 'e-1',
        type: 'order.placed',
        occurredAt: '2026-03-02T09:00:00+08:00',
        data: { orderId: 'o-1', customerId: 'c-1', items: [], promisedDeliveryBy: '2026-03-06T18:00:00+08:00' },
      }),
      line(2, {
        id: 'e-2',
        type: 'shipment.created',
        occurredAt: '2026-03-02T03:00:00Z',
        at: '2026-03-02T04:30:00.250Z',
        data: { orderId: 'o-1', shipmentId: 's-1', carrier: 'sf-express', trackingNumber: 'SF1' },
      }),
    ];
    const [first, second] = shiftToNow(lines, now).map((l) => l.value as Record<string, unknown>);
    expect(Date.parse(first?.occurredAt as string)).toBe(now.getTime());
    expect(first?.occurredAt).toBe('2026-12-02T14:30:00+08:00');
    expect((first?.data as Record<string, unknown>).promisedDeliveryBy).toBe('2026-12-06T23:30:00+08:00');
    expect(second?.occurredAt).toBe('2026-12-02T08:30:00Z');
    expect(second?.at).toBe('2026-12-02T10:00:00.250Z');
    // Identifiers, tracking numbers and other text never move.
    expect(second?.data).toMatchObject({ orderId: 'o-1', trackingNumber: 'SF1' });
  });

  it('leaves dates without a time, phone numbers and unreadable lines alone, and keeps line numbers', () => {
    const lines = [
      line(3, { id: 'x', type: 'order.placed', occurredAt: 'yesterday' }),
      line(4, {
        id: 'c',
        occurredAt: '2026-03-02T09:00:00+08:00',
        data: { phone: '+8613800138000', day: '2026-03-02' },
      }),
    ];
    const shifted = shiftToNow(lines, now);
    expect(shifted.map((l) => l.line)).toEqual([3, 4]);
    expect(shifted[0]?.value).toEqual(lines[0]?.value);
    expect(shifted[1]?.value).toMatchObject({
      occurredAt: '2026-12-02T14:30:00+08:00',
      data: { phone: '+8613800138000', day: '2026-03-02' },
    });
  });

  it('returns the lines unchanged when none has a usable occurredAt', () => {
    const lines = [line(1, { id: 'x' })];
    expect(shiftToNow(lines, now)).toEqual(lines);
  });
});

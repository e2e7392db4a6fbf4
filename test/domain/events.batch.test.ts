import { MAX_EVENTS_PER_BATCH, parseEventBatch } from '../../domain/events';

const cancelled = (id: string) => ({
  id,
  type: 'order.cancelled',
  occurredAt: '2026-03-02T10:00:00+08:00',
  data: { orderId: `o-${id}` },
});

describe('event batches', () => {
  it('refuses a batch that is not an array', () => {
    expect(parseEventBatch({ events: [] })).toEqual({
      ok: false,
      errors: [{ path: '', message: 'expected an array of events' }],
    });
  });

  it('refuses an empty batch', () => {
    expect(parseEventBatch([])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must contain at least one event' }],
    });
  });

  it(`refuses more than ${MAX_EVENTS_PER_BATCH} events by default, and honours a smaller limit`, () => {
    const many = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, index) => cancelled(`e-${index}`));
    expect(parseEventBatch(many)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must contain at most 500 events (got 501)' }],
    });
    expect(parseEventBatch(many.slice(0, MAX_EVENTS_PER_BATCH)).ok).toBe(true);
    expect(parseEventBatch(many.slice(0, 3), 2).ok).toBe(false);
  });

  it('judges each event alone, keeping the valid ones beside empty and broken items', () => {
    const result = parseEventBatch([
      cancelled('e-1'),
      {},
      null,
      { ...cancelled('e-4'), type: 'order.shipped' },
      cancelled('e-5'),
    ]);
    if (!result.ok) throw new Error('the batch itself is well-formed');
    expect(result.results.map((item) => item.ok)).toEqual([true, false, false, false, true]);
    expect(result.results[0]).toEqual({ ok: true, event: cancelled('e-1') });
    expect(result.results[1]).toEqual({
      ok: false,
      errors: [
        { path: 'type', message: expect.stringContaining('is required') },
        { path: 'id', message: 'is required' },
        { path: 'occurredAt', message: 'is required' },
        { path: 'data', message: 'is required' },
      ],
    });
    expect(result.results[2]).toEqual({
      ok: false,
      errors: [{ path: '', message: expect.stringContaining('expected an event object') }],
    });
    expect(result.results[3]).toEqual({
      ok: false,
      errors: [{ path: 'type', message: expect.stringContaining("'order.shipped'") }],
    });
  });
});

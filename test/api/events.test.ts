import { getIngestEvent } from '../../db/repositories/event-log';
import {
  type ApiFixture,
  customerEvent,
  INGEST_SECRET,
  openApiFixture,
  orderPlacedEvent,
  signedEventHeaders,
} from './helpers/api-fixture';
import { signIngestBody } from '../../security/ingest-signature';

interface EventsAnswer {
  results: { id: string | null; status: string; errors?: { path: string; message: string }[] }[];
  error?: string;
}

describe('POST /v1/events', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
    fx.workflows.calls.length = 0;
    fx.workflows.started.clear();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fx.request({ method: 'POST', url: '/v1/events', payload: body, headers });

  it('accepts a batch, records each event once and starts the order journey by signal-with-start', async () => {
    const body = JSON.stringify({
      events: [customerEvent('e-1', 'c-1', '+8613800138000'), orderPlacedEvent('e-2', 'o-1', 'c-1')],
    });
    const response = await post(body, signedEventHeaders(body, fx.now));
    expect(response.statusCode).toBe(202);
    expect(response.json<EventsAnswer>().results).toEqual([
      { id: 'e-1', status: 'accepted' },
      { id: 'e-2', status: 'accepted' },
    ]);
    expect(await getIngestEvent(fx.database.db, 'e-1')).toBeDefined();
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({ kind: 'signalWithStart', workflowId: 'order:o-1', signal: 'orderEvent' }),
    ]);
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
  });

  it('signals a later milestone to the running journey, and restarts a finished one for the order customer', async () => {
    const shipped = (id: string, type = 'shipment.created') => ({
      id,
      type,
      occurredAt: '2026-03-03T10:00:00+08:00',
      data: { orderId: 'o-7', shipmentId: 's-7', carrier: 'sf-express', trackingNumber: 'SF7' },
    });
    const send = async (events: unknown[]) => {
      const body = JSON.stringify({ events });
      const answer = await post(body, signedEventHeaders(body, fx.now));
      return answer.json<EventsAnswer>().results.map((r) => r.status);
    };
    expect(await send([orderPlacedEvent('p-7', 'o-7', 'c-7'), shipped('s-7')])).toEqual(['accepted', 'accepted']);
    fx.workflows.finished.add('order:o-7');
    const delivered = { ...shipped('d-7', 'shipment.delivered'), data: { orderId: 'o-7', shipmentId: 's-7' } };
    expect(await send([delivered])).toEqual(['accepted']);
    expect(fx.workflows.calls.map((c) => [c.kind, (c.args[0] as { id: string }).id])).toEqual([
      ['signalWithStart', 'p-7'],
      ['signal', 's-7'],
      ['signalWithStart', 'd-7'],
    ]);
    expect(fx.workflows.calls[2]?.startArgs).toEqual([expect.objectContaining({ orderId: 'o-7', customerId: 'c-7' })]);
  });

  it('accepts a single event object without the batch wrapper', async () => {
    const body = JSON.stringify(customerEvent('solo', 'c-9', '+8613800138009'));
    const response = await post(body, signedEventHeaders(body, fx.now));
    expect(response.statusCode).toBe(202);
    expect(response.json<EventsAnswer>().results).toEqual([{ id: 'solo', status: 'accepted' }]);
  });

  it('keeps both valid events when an invalid one sits between them', async () => {
    const invalid = {
      id: 'bad',
      type: 'customer.upserted',
      occurredAt: 'yesterday',
      data: { customerId: 'c-2', phone: 'call me' },
    };
    const body = JSON.stringify({
      events: [customerEvent('v-1', 'c-1', '+8613800138000'), invalid, orderPlacedEvent('v-2', 'o-1', 'c-1')],
    });
    const response = await post(body, signedEventHeaders(body, fx.now));
    expect(response.statusCode).toBe(202);
    const { results } = response.json<EventsAnswer>();
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['v-1', 'accepted'],
      ['bad', 'rejected'],
      ['v-2', 'accepted'],
    ]);
    expect(results[1]?.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['occurredAt']));
    expect(await getIngestEvent(fx.database.db, 'v-1')).toBeDefined();
    expect(await getIngestEvent(fx.database.db, 'v-2')).toBeDefined();
    expect(await getIngestEvent(fx.database.db, 'bad')).toBeUndefined();
  });

  it('answers duplicate for an event id seen before, in the same or a later request, and signals once', async () => {
    const event = orderPlacedEvent('dup-1', 'o-7', 'c-7');
    const body = JSON.stringify({ events: [event, event] });
    const first = await post(body, signedEventHeaders(body, fx.now));
    expect(first.json<EventsAnswer>().results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    const again = JSON.stringify(event);
    const second = await post(again, signedEventHeaders(again, fx.now));
    expect(second.json<EventsAnswer>().results).toEqual([{ id: 'dup-1', status: 'duplicate' }]);
    expect(fx.workflows.calls).toHaveLength(1);
  });

  it('processes nothing twice when a signed request is replayed inside the tolerance window', async () => {
    const body = JSON.stringify({
      events: [orderPlacedEvent('r-1', 'o-8', 'c-8'), customerEvent('r-2', 'c-8', '+8613800138008')],
    });
    const headers = signedEventHeaders(body, fx.now);
    expect((await post(body, headers)).json<EventsAnswer>().results.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    fx.now = new Date(fx.now.getTime() + 60_000);
    const replay = await post(body, headers);
    expect(replay.statusCode).toBe(202);
    expect(replay.json<EventsAnswer>().results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(fx.workflows.calls).toHaveLength(1);
  });

  describe('signatures', () => {
    const body = JSON.stringify(orderPlacedEvent('s-1', 'o-9', 'c-9'));

    it.each([
      ['missing header', () => ({ 'content-type': 'application/json' }), 'signature missing'],
      ['forged with another secret', () => signedEventHeaders(body, fx.now, 'not-the-secret'), 'signature mismatch'],
      [
        'stale timestamp (6 minutes old)',
        () => signedEventHeaders(body, new Date(fx.now.getTime() - 6 * 60_000)),
        'signature stale',
      ],
      [
        'malformed header',
        () => ({ 'content-type': 'application/json', 'x-notify-signature': 'v1=abc' }),
        'signature malformed',
      ],
      [
        'signature of a different body',
        () => signedEventHeaders(JSON.stringify(orderPlacedEvent('s-1', 'o-OTHER', 'c-9')), fx.now),
        'signature mismatch',
      ],
    ])('refuses a request with %s (401) and processes nothing', async (_name, headers, error) => {
      const response = await post(body, headers());
      expect(response.statusCode).toBe(401);
      expect(response.json<EventsAnswer>().error).toBe(error);
      expect(await getIngestEvent(fx.database.db, 's-1')).toBeUndefined();
      expect(fx.workflows.calls).toHaveLength(0);
    });

    it('checks the raw bytes: re-serialised JSON with the same meaning does not verify', async () => {
      const spaced = JSON.stringify(JSON.parse(body), null, 2);
      const response = await post(spaced, signedEventHeaders(body, fx.now));
      expect(response.statusCode).toBe(401);
    });

    it('accepts a second v1 value during secret rotation', async () => {
      const t = Math.floor(fx.now.getTime() / 1000);
      const current = signIngestBody(INGEST_SECRET, body, t).split(',')[1];
      const response = await post(body, {
        'content-type': 'application/json',
        'x-notify-signature': `t=${t},v1=${'0'.repeat(64)},${current}`,
      });
      expect(response.statusCode).toBe(202);
    });
  });

  it('answers 400 for a body that is not JSON, and for JSON that is not an event or list', async () => {
    for (const body of ['{not json', '[1,2]', '"text"', '{"events": 3}', '{"events": []}']) {
      const response = await post(body, signedEventHeaders(body, fx.now));
      expect({ body, status: response.statusCode }).toEqual({ body, status: 400 });
    }
  });

  it('answers 400 for more events than the per-request maximum', async () => {
    const events = Array.from({ length: fx.config.api.maxEventsPerRequest + 1 }, (_, i) => ({ id: `m-${i}` }));
    const body = JSON.stringify({ events });
    const response = await post(body, signedEventHeaders(body, fx.now));
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('at most 500');
  });

  it('answers 413 for a body over the limit and records nothing', async () => {
    const padding = 'x'.repeat(fx.config.api.bodyLimitBytes);
    const body = JSON.stringify({ events: [{ ...orderPlacedEvent('big', 'o-big', 'c-big'), padding }] });
    const response = await post(body, signedEventHeaders(body, fx.now));
    expect(response.statusCode).toBe(413);
    expect(await getIngestEvent(fx.database.db, 'big')).toBeUndefined();
  });

  it('counts events by type and status for /metrics', async () => {
    const body = JSON.stringify({
      events: [customerEvent('k-1', 'c-1', '+8613800138000'), { id: 'k-2', type: 'nope' }],
    });
    await post(body, signedEventHeaders(body, fx.now));
    const metrics = await fx.request({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('notify_events_total{type="customer.upserted",status="accepted"}');
    expect(metrics.body).toMatch(/notify_events_total\{type="unknown",status="rejected"\} \d+/);
  });
});

import { getIngestEvent } from '../../db/repositories/event-log';
import { type ApiFixture, openApiFixture, orderPlacedEvent, signedEventHeaders } from './helpers/api-fixture';

interface EventsAnswer {
  results: { id: string | null; status: string; errors?: { path: string; message: string }[] }[];
}

describe('POST /v1/events: events dated in the future or long ago (architecture.md 6.3)', () => {
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

  const post = async (events: unknown[]) => {
    const body = JSON.stringify({ events });
    const answer = await fx.request({
      method: 'POST',
      url: '/v1/events',
      payload: body,
      headers: signedEventHeaders(body, fx.now),
    });
    expect(answer.statusCode).toBe(202);
    return answer.json<EventsAnswer>().results;
  };
  const dated = (id: string, offsetMs: number) => ({
    ...orderPlacedEvent(id, `o-${id}`, 'c-1'),
    occurredAt: new Date(fx.now.getTime() + offsetMs).toISOString(),
  });

  it('refuses an event dated 3 h ahead, saying by how much and the tolerance, and keeps its id free', async () => {
    expect(await post([dated('e-future', 3 * 3_600_000)])).toEqual([
      {
        id: 'e-future',
        status: 'rejected',
        errors: [{ path: '', message: 'occurredAt is 3 h in the future; the tolerance is 5 min' }],
      },
    ]);
    expect(await getIngestEvent(fx.database.db, 'e-future')).toBeUndefined();
    expect(fx.workflows.calls).toHaveLength(0);
    // The sender fixes its clock and resends under the same id.
    expect(await post([dated('e-future', 0)])).toEqual([{ id: 'e-future', status: 'accepted' }]);
  });

  it('accepts an event dated inside the tolerance (4 min ahead), and refuses one just past it', async () => {
    const results = await post([dated('e-skew', 4 * 60_000), dated('e-over', 6 * 60_000)]);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'rejected']);
    expect(results[1]?.errors?.[0]?.message).toBe('occurredAt is 6 min in the future; the tolerance is 5 min');
  });

  it('accepts a stale event and signals it with the time it was received, for the workflow to judge', async () => {
    expect(await post([dated('e-old', -30 * 3_600_000)])).toEqual([{ id: 'e-old', status: 'accepted' }]);
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({
        kind: 'signalWithStart',
        args: [expect.objectContaining({ id: 'e-old', receivedAt: fx.now.getTime() })],
      }),
    ]);
  });
});

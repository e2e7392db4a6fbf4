import { postEvents, readJsonl } from '../../api/client/post-events';
import { INGEST_SECRET, orderPlacedEvent } from './helpers/api-fixture';
import { type GuardedApi, openGuardedApi } from './helpers/guarded-api';

describe('notify events send when the API sheds load', () => {
  let api: GuardedApi;
  beforeAll(async () => {
    api = await openGuardedApi({ rateLimitPerMinute: 2 });
  });
  afterAll(() => api.close());

  const lines = (...ids: string[]) =>
    readJsonl(ids.map((id) => JSON.stringify(orderPlacedEvent(id, `o-${id}`, 'c-1'))).join('\n')).lines;

  it('waits the Retry-After of a 503 and sends the batch again', async () => {
    const waits: number[] = [];
    let calls = 0;
    const reports = await postEvents(
      {
        apiUrl: api.url(''),
        secret: INGEST_SECRET,
        batchSize: 10,
        // The first answer is the in-flight cap's; the real API answers the second.
        fetch: (input, init) =>
          calls++ === 0
            ? Promise.resolve(
                new Response(JSON.stringify({ error: 'too many requests in flight; retry shortly' }), {
                  status: 503,
                  headers: { 'retry-after': '1' },
                }),
              )
            : globalThis.fetch(input, init),
        now: () => new Date(),
        wait: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
      lines('r-1'),
    );
    expect(calls).toBe(2);
    expect(waits).toEqual([1_000]);
    expect(reports).toEqual([{ line: 1, id: 'r-1', status: 'accepted' }]);
  });

  it('gives up after five refusals and reports each line with the reason', async () => {
    const waits: number[] = [];
    const options = {
      apiUrl: api.url(''),
      secret: INGEST_SECRET,
      batchSize: 1,
      fetch: globalThis.fetch,
      now: () => new Date(),
      wait: (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      },
    };
    // The budget of 2 a minute: the first test's accepted request and this first line spend it.
    const reports = await postEvents(options, lines('r-2', 'r-3'));
    expect(reports[0]).toEqual({ line: 1, id: 'r-2', status: 'accepted' });
    expect(reports[1]).toEqual({
      line: 2,
      id: 'r-3',
      status: 'rejected',
      detail: 'HTTP 429: rate limit exceeded: at most 2 requests a minute from one address',
    });
    expect(waits).toHaveLength(4);
    for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(1_000);
    for (const ms of waits) expect(ms).toBeLessThanOrEqual(60_000);
  });
});

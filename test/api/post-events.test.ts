import { formatReport, postEvents, readJsonl } from '../../api/client/post-events';
import { type ApiFixture, customerEvent, INGEST_SECRET, openApiFixture, orderPlacedEvent } from './helpers/api-fixture';

describe('notify events send (signing client)', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('signs and posts JSONL in batches and reports every line, unreadable ones included', async () => {
    const text = [
      JSON.stringify(customerEvent('p-1', 'c-1', '+8613800138000')),
      '',
      '{oops',
      JSON.stringify({ id: 'p-bad', type: 'order.placed', occurredAt: 'soon', data: {} }),
      JSON.stringify(orderPlacedEvent('p-2', 'o-1', 'c-1')),
      JSON.stringify(customerEvent('p-1', 'c-1', '+8613800138000')),
    ].join('\n');
    const { lines, unreadable } = readJsonl(text);
    const reports = await postEvents(
      { apiUrl: fx.baseUrl, secret: INGEST_SECRET, batchSize: 2, fetch: globalThis.fetch, now: () => fx.now },
      lines,
    );
    expect(unreadable).toEqual([{ line: 3, id: null, status: 'rejected', detail: 'not valid JSON' }]);
    expect(reports.map((r) => [r.line, r.id, r.status])).toEqual([
      [1, 'p-1', 'accepted'],
      [4, 'p-bad', 'rejected'],
      [5, 'p-2', 'accepted'],
      [6, 'p-1', 'duplicate'],
    ]);
    expect(formatReport(reports[1] as (typeof reports)[number])).toMatch(/^line 4\tp-bad\trejected\t.*occurredAt/);
  });

  it('reports every line of a batch the API refused, with the reason', async () => {
    const { lines } = readJsonl(JSON.stringify(orderPlacedEvent('w-1', 'o-2', 'c-1')));
    const reports = await postEvents(
      { apiUrl: fx.baseUrl, secret: 'wrong', batchSize: 10, fetch: globalThis.fetch, now: () => fx.now },
      lines,
    );
    expect(reports).toEqual([{ line: 1, id: 'w-1', status: 'rejected', detail: 'HTTP 401: signature mismatch' }]);
  });
});

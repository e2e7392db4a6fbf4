import { readFileSync } from 'node:fs';
import { registerSearchAttributes } from '../../worker/search-attributes';
import { orderWorkflowId } from '../../workflows/order-journey/contract';
import { newId, orderPlaced } from './harness/events';
import { type FaultStack, INGEST_SECRET, openFaultStack, postEvents } from './harness/fault-stack';
import { floodFromSecondProcess, type FloodPlan } from './harness/flood';

/**
 * Issue 13, overload: a bounded flood from a second process against one `notify api` (a real process, on Postgres
 * and temporal-lite) with a small in-flight cap and rate limit. Every request must get an answer the sender can act
 * on, the API's resident memory must stay bounded, and every event the API answered `accepted` must be applied.
 *
 * Why 150 MB: what the API may hold at once is bounded by the cap: 8 requests in flight, each with at most a 1 MiB
 * body, its decoded string and its parsed events (a few MiB each), plus a socket and its buffers for each of the
 * driver's 200 connections, plus the slack a garbage-collected heap takes before it collects. Measured on two cores:
 * about 50 MB. With the cap and the rate limit lifted, the same flood had 663 requests in flight (handlers still at
 * work after their deadline's 503), took the API from 191 MB to 482 MB and 109 s, and all but one of its batches
 * missed their deadline.
 */
const IN_FLIGHT_CAP = 8;
const RATE_PER_MINUTE = 2_500;
const REQUEST_TIMEOUT_MS = 5_000;
const RSS_GROWTH_BOUND_BYTES = 150 * 1024 * 1024;

const PLAN: Omit<FloodPlan, 'apiUrl'> = {
  secret: INGEST_SECRET,
  floodSource: '127.0.0.1',
  otherSource: '127.0.0.2',
  requests: 3_000,
  concurrency: 200,
  eventsPerBatch: 10,
  largeEvery: 15,
  largeBytes: 900 * 1024,
  patientEvery: 30,
  oversizeEvery: 40,
  oversizeBytes: 1_200_000,
  slowEvery: 400,
  answerWithinMs: 20_000,
};

/** What each kind of request may be answered, refusals included; anything else (or no answer) fails the test. */
const ALLOWED: Record<string, readonly number[]> = {
  batch: [202, 429, 503],
  large: [202, 429, 503],
  patient: [202, 429, 503],
  oversize: [413, 429, 503],
  slow: [408, 429, 503],
};

let stack: FaultStack;
beforeAll(async () => {
  stack = await openFaultStack({
    workers: 0,
    apis: 1,
    config: [
      [['api', 'maxRequestsInFlight'], IN_FLIGHT_CAP],
      [['api', 'rateLimitPerMinute'], RATE_PER_MINUTE],
      [['api', 'requestTimeout'], `${REQUEST_TIMEOUT_MS}ms`],
    ],
  });
  // No worker: the flood is about the edge, and a worker would only compete for the two cores. The attributes it
  // would register at start-up are registered here, as the API's workflow starts carry them.
  await registerSearchAttributes(stack.env.connection, stack.env.namespace ?? 'default');
  await stack.startAll();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(/(\d+)\s*kB/.exec(line)?.[1]) * 1024;
}

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

function series(exposition: string, name: string): number {
  const line = exposition.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

it('answers every request of a flood, keeps memory bounded and applies every event it accepted', async () => {
  const api = stack.apis[0];
  const url = stack.apiUrls[0] as string;
  const pid = api?.pid;
  if (!pid) throw new Error('the API process is not running');

  // Warm-up: the first requests load code and open the database pool and the Temporal connection, which are not
  // what the flood is measured for.
  for (let i = 0; i < 10; i++) {
    const answer = await postEvents(url, [orderPlaced(newId('o'), newId('c'))]);
    expect(answer.status).toBe(202);
  }
  const before = residentBytes(pid);

  let peak = before;
  let peakInFlight = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, residentBytes(pid));
      peakInFlight = Math.max(peakInFlight, series(await scrape(url), 'notify_http_requests_in_flight'));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const result = await floodFromSecondProcess({ ...PLAN, apiUrl: url });
  sampling = false;
  await sampler;
  const after = residentBytes(pid);

  const answered = Object.entries(result.tally).filter(([key]) => !key.includes('error:'));
  const lines = [
    `flood: ${PLAN.requests} requests (${Object.values(result.tally).reduce((a, b) => a + b, 0)} with retries) in ${result.elapsedMs} ms`,
    `RSS before ${mb(before)}, peak ${mb(peak)}, after ${mb(after)}; in flight at most ${peakInFlight}`,
    ...Object.entries(result.tally)
      .sort()
      .map(([key, count]) => `  ${key}: ${count}`),
    `accepted events: ${result.acceptedIds.length}`,
    ...(await scrape(url)).split('\n').filter((line) => line.startsWith('notify_http_refused_total{')),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  // Every request got an answer it may get, and every refusal said when to come back.
  expect(Object.keys(result.tally).filter((key) => key.includes('error:'))).toEqual([]);
  // At least one answer per request: the oversize and slow senders retry a 503, and each attempt is counted.
  expect(answered.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThanOrEqual(PLAN.requests);
  for (const [key] of answered) {
    const [kind, status] = key.split(' ') as [string, string];
    expect(ALLOWED[kind]).toContain(Number(status));
  }
  expect(result.withoutRetryAfter).toBe(0);
  // The guards did their work: each kind of refusal happened, and the cap held.
  for (const status of ['patient 202', 'batch 429', 'batch 503', 'oversize 413', 'slow 408']) {
    expect(result.tally[status] ?? 0).toBeGreaterThan(0);
  }
  expect(peakInFlight).toBeLessThanOrEqual(IN_FLIGHT_CAP);
  expect(peak - before).toBeLessThan(RSS_GROWTH_BOUND_BYTES);

  // The edge's counters agree with what the sender saw.
  const metrics = await scrape(url);
  const count = (pattern: RegExp) =>
    Object.entries(result.tally)
      .filter(([key]) => pattern.test(key))
      .reduce((sum, [, n]) => sum + n, 0);
  expect(series(metrics, 'notify_http_refused_total{reason="rate_limited"}')).toBe(count(/ 429$/));
  expect(
    series(metrics, 'notify_http_refused_total{reason="overloaded"}') +
      series(metrics, 'notify_http_refused_total{reason="handler_timeout"}'),
  ).toBe(count(/ 503$/));
  expect(series(metrics, 'notify_http_refused_total{reason="body_too_large"}')).toBe(count(/ 413$/));

  // Nothing accepted was lost: each accepted event is recorded as applied, and its workflow exists in Temporal.
  const accepted = [...new Set(result.acceptedIds)];
  expect(accepted.length).toBe(result.acceptedIds.length);
  expect(accepted.length).toBeGreaterThan(0);
  const rows = await stack.db
    .selectFrom('ingest_events')
    .select(['event_id', 'order_id', 'applied_at'])
    .where('event_id', 'in', accepted)
    .execute();
  expect(rows).toHaveLength(accepted.length);
  expect(rows.filter((row) => row.applied_at === null).map((row) => row.event_id)).toEqual([]);
  const client = stack.env.client.workflow;
  const missing: string[] = [];
  for (let start = 0; start < rows.length; start += 50) {
    await Promise.all(
      rows.slice(start, start + 50).map(async (row) => {
        const found = await client
          .getHandle(orderWorkflowId(row.order_id as string))
          .describe()
          .then(
            () => true,
            () => false,
          );
        if (!found) missing.push(row.event_id);
      }),
    );
  }
  expect(missing).toEqual([]);
}, 120_000);

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

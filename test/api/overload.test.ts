import http from 'node:http';
import type { WorkflowClient } from '@temporalio/client';
import { orderPlacedEvent, signedEventHeaders } from './helpers/api-fixture';
import { type GuardedApi, openGuardedApi, seriesValue, trickleBody, trickleHeaders } from './helpers/guarded-api';

const refused = (reason: string) => `notify_http_refused_total{reason="${reason}"}`;

async function scrape(api: GuardedApi): Promise<string> {
  const answer = await fetch(api.url('/metrics'));
  expect(answer.status).toBe(200);
  return answer.text();
}

describe('the edge under load: per-source rate limit (429), in-flight cap (503), deadlines (408/503)', () => {
  describe('a source over its budget', () => {
    let api: GuardedApi;
    beforeAll(async () => {
      api = await openGuardedApi({ rateLimitPerMinute: 3, webhookRateLimitPerMinute: 2 });
    });
    afterAll(() => api.close());

    it('gets 429 with Retry-After and a JSON error once it has spent its budget, on ingest and links alike', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(api.url('/v1/events'), { method: 'POST' })).status);
      // Unsigned, so refused for the signature; each still counts against the budget.
      expect(statuses).toEqual([401, 401, 401]);

      const over = await fetch(api.url('/v1/events'), { method: 'POST' });
      expect(over.status).toBe(429);
      const retryAfter = Number(over.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await over.json()).toEqual({
        error: 'rate limit exceeded: at most 3 requests a minute from one address',
        retryAfterSeconds: retryAfter,
      });
      expect((await fetch(api.url('/v1/unsubscribe/anything'))).status).toBe(429);
    });

    it("counts Twilio's webhooks against a budget of their own", async () => {
      const inbound = () => fetch(api.url('/v1/twilio/inbound'), { method: 'POST' });
      // Unsigned, so 403; served although the same source has spent its ingest budget.
      expect([(await inbound()).status, (await inbound()).status]).toEqual([403, 403]);
      const over = await inbound();
      expect(over.status).toBe(429);
      expect(await over.json()).toMatchObject({
        error: 'rate limit exceeded: at most 2 webhook requests a minute from one address',
      });
    });

    it('keeps serving another source, and the operator routes (behind their own signature)', async () => {
      expect(await statusFrom('127.0.0.2', api.url('/v1/events'))).toBe(401);
      expect((await fetch(api.url('/v1/operator/outbox'))).status).toBe(401);
    });

    it('still answers health, readiness and metrics, and counts the refusals', async () => {
      expect((await fetch(api.url('/healthz'))).status).toBe(200);
      expect((await fetch(api.url('/readyz'))).status).toBe(200);
      expect(seriesValue(await scrape(api), refused('rate_limited'))).toBe(3);
    });
  });

  describe('behind a reverse proxy', () => {
    const forwardedFor = (client: string) =>
      fetch(api.url('/v1/events'), { method: 'POST', headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    let api: GuardedApi;
    afterEach(() => api.close());

    it("gives each client named by a trusted proxy's X-Forwarded-For a budget of its own", async () => {
      api = await openGuardedApi({ rateLimitPerMinute: 1, trustedProxies: ['127.0.0.1'] });
      expect([await forwardedFor('203.0.113.7'), await forwardedFor('203.0.113.7')]).toEqual([401, 429]);
      expect(await forwardedFor('198.51.100.9')).toBe(401);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a client cannot pick its own budget', async () => {
      api = await openGuardedApi({ rateLimitPerMinute: 1 });
      expect([await forwardedFor('203.0.113.7'), await forwardedFor('198.51.100.9')]).toEqual([401, 429]);
    });
  });

  describe('requests in flight at the cap', () => {
    let api: GuardedApi;
    beforeAll(async () => {
      api = await openGuardedApi({ maxRequestsInFlight: 2, requestTimeoutMs: 1_500 });
    });
    afterAll(() => api.close());

    it('refuses the next at once with 503 and Retry-After, keeps probes answering, and admits again once a slot frees', async () => {
      // Two senders whose bodies never finish hold the two slots until their deadline.
      const holders = [trickleBody(api.port, '/v1/events'), trickleBody(api.port, '/v1/events')];
      await Promise.all(holders.map((h) => h.opened));
      await waitFor(async () => seriesValue(await scrape(api), 'notify_http_requests_in_flight') === 2);

      const started = Date.now();
      const refusedAnswer = await fetch(api.url('/v1/events'), { method: 'POST' });
      expect(refusedAnswer.status).toBe(503);
      expect(refusedAnswer.headers.get('retry-after')).toBe('1');
      expect(await refusedAnswer.json()).toEqual({
        error: 'too many requests in flight; retry shortly',
        retryAfterSeconds: 1,
      });
      expect(Date.now() - started).toBeLessThan(500); // refused, not queued behind the holders
      expect((await fetch(api.url('/healthz'))).status).toBe(200);
      expect((await fetch(api.url('/readyz'))).status).toBe(200);

      const outcomes = await Promise.all(holders.map((h) => h.outcome));
      for (const outcome of outcomes) expect(outcome.response).toMatch(/^HTTP\/1\.1 408 /);
      const text = await scrape(api);
      expect(seriesValue(text, refused('overloaded'))).toBe(1);
      expect(seriesValue(text, 'notify_http_requests_in_flight')).toBe(0);
      expect((await fetch(api.url('/v1/events'), { method: 'POST' })).status).toBe(401);
    });
  });

  describe('deadlines', () => {
    let api: GuardedApi;
    let release: () => void = () => undefined;
    // A Temporal that never answers: the handler waits on it until released.
    const hanging = {
      signalWithStart: () =>
        new Promise((resolve) => {
          release = () => resolve({});
        }),
      workflowService: { getSystemInfo: () => Promise.resolve({}) },
    } as unknown as WorkflowClient;
    beforeAll(async () => {
      api = await openGuardedApi({ requestTimeoutMs: 300, maxRequestsInFlight: 1 }, hanging);
    });
    afterAll(async () => {
      release();
      await api.close();
    });

    it('closes the connection of a sender trickling its body with 408 within the timeout', async () => {
      const { outcome } = trickleBody(api.port, '/v1/events', 50);
      const { response, closedAfterMs } = await outcome;
      expect(response).toMatch(/^HTTP\/1\.1 408 /);
      expect(closedAfterMs).toBeGreaterThanOrEqual(290);
      // The timeout, plus Node's connection check interval (a quarter of it) and scheduling slack on a busy machine.
      expect(closedAfterMs).toBeLessThan(1_000);
      expect(seriesValue(await scrape(api), refused('body_timeout'))).toBe(1);
    });

    it('closes the connection of a sender trickling its headers with 408 within the timeout', async () => {
      const { response, closedAfterMs } = await trickleHeaders(api.port);
      expect(response).toMatch(/^HTTP\/1\.1 408 /);
      expect(closedAfterMs).toBeGreaterThanOrEqual(290);
      expect(closedAfterMs).toBeLessThan(1_000);
      expect(seriesValue(await scrape(api), refused('request_timeout'))).toBe(1);
    });

    it('refuses a body over the limit with 413 and counts it', async () => {
      const answer = await fetch(api.url('/v1/events'), {
        method: 'POST',
        body: 'x'.repeat(1_048_577),
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(413);
      expect(seriesValue(await scrape(api), refused('body_too_large'))).toBe(1);
    });

    it('answers 503 with Retry-After when the handler has not answered in time, and holds its slot until it returns', async () => {
      const body = JSON.stringify({ events: [orderPlacedEvent('e-slow', 'o-slow', 'c-slow')] });
      const started = Date.now();
      const answer = await fetch(api.url('/v1/events'), {
        method: 'POST',
        body,
        headers: signedEventHeaders(body, new Date()),
      });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(await answer.json()).toEqual({
        error: 'request not handled within 300 ms; retry it',
        retryAfterSeconds: 5,
      });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(seriesValue(await scrape(api), refused('handler_timeout'))).toBe(1);

      // The handler still runs, holding its body and its Temporal call: its slot stays taken until it returns.
      expect(seriesValue(await scrape(api), 'notify_http_requests_in_flight')).toBe(1);
      expect((await fetch(api.url('/v1/events'), { method: 'POST' })).status).toBe(503);
      release();
      await waitFor(async () => seriesValue(await scrape(api), 'notify_http_requests_in_flight') === 0);
      expect((await fetch(api.url('/v1/events'), { method: 'POST' })).status).toBe(401);
    });
  });
});

/** POSTs an empty body from another loopback address: another source, as far as the rate limit can tell. */
function statusFrom(localAddress: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', localAddress }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

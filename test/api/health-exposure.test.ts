import { type ApiFixture, openApiFixture } from './helpers/api-fixture';

/**
 * What the unauthenticated endpoints give away (issue 13): /metrics only to the holder of NOTIFY_METRICS_TOKEN when
 * one is set; /readyz which dependency is down, never why.
 */
describe('/metrics behind NOTIFY_METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture({ env: { NOTIFY_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => fx?.close());

  const scrape = (headers: Record<string, string> = {}) => fx.request({ method: 'GET', url: '/metrics', headers });

  it('serves the scrape to the bearer of the token', async () => {
    const answer = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toMatch(/^process_resident_memory_bytes \d+$/m);
    // The scheme is case-insensitive (RFC 7235).
    expect((await scrape({ authorization: `bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it.each([
    ['no Authorization header', {}, 'Bearer realm="notify metrics"'],
    [
      'a wrong token',
      { authorization: 'Bearer scrape-token-0123456789abcdeX' },
      'Bearer realm="notify metrics", error="invalid_token"',
    ],
    [
      'a prefix of the token',
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      'Bearer realm="notify metrics", error="invalid_token"',
    ],
    [
      'the token as Basic credentials',
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      'Bearer realm="notify metrics"',
    ],
  ])('answers 401 with WWW-Authenticate: Bearer and no metrics for %s', async (_case, headers, challenge) => {
    const answer = await scrape(headers);
    expect(answer.statusCode).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(challenge);
    expect(answer.json()).toEqual({ error: 'metrics need Authorization: Bearer <NOTIFY_METRICS_TOKEN>' });
    expect(answer.body).not.toContain('process_resident_memory_bytes');
  });

  it('leaves /healthz and /readyz open', async () => {
    expect((await fx.request({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await fx.request({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('/metrics without a token, and /readyz', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx?.close());

  it('/metrics stays open when NOTIFY_METRICS_TOKEN is unset', async () => {
    const answer = await fx.request({ method: 'GET', url: '/metrics' });
    expect(answer.statusCode).toBe(200);
  });

  it('/readyz names the dependency that is down with a short reason, and keeps the error for the log', async () => {
    fx.workflows.reachable = false;
    try {
      const answer = await fx.request({ method: 'GET', url: '/readyz' });
      expect(answer.statusCode).toBe(503);
      expect(answer.json()).toEqual({ status: 'not ready', database: 'ok', temporal: 'unavailable: error' });
    } finally {
      fx.workflows.reachable = true;
    }
    // The fake Temporal's error ("connection refused") is in the log, not in the answer.
    expect(fx.logLines.some((line) => line.includes('connection refused') && line.includes('not ready'))).toBe(true);
  });
});

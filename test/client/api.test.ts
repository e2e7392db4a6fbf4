import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AUTH_TOKEN, INGEST_SECRET, PUBLIC_URL, signedEventHeaders } from '../api/helpers/api-fixture';
import { type CliServer, runNotify, startNotify } from '../api/helpers/notify-cli';
import { registerSearchAttributes } from '../../worker/search-attributes';
import { createTestEnv } from '../helpers/temporal-env';
import { freePort } from '../helpers/free-port';

/** `notify api` as an operator runs it (bin/notify, a child process), fed by `notify events send --url`. */

const AT = '2026-03-02T09:00:00+08:00';
const ITEMS = [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }];

describe('notify api', () => {
  let env: TestWorkflowEnvironment;
  let dataDir: string;
  let cliEnv: Record<string, string>;
  let api: CliServer | undefined;
  beforeAll(async () => {
    env = await createTestEnv();
    // The worker registers them at start-up; there is no worker here.
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    dataDir = await mkdtemp(path.join(tmpdir(), 'notify-cli-api-'));
    cliEnv = {
      TEMPORAL_ADDRESS: env.address,
      NOTIFY_DATA_DIR: dataDir,
      NOTIFY_INGEST_SECRET: INGEST_SECRET,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      NOTIFY_PUBLIC_URL: PUBLIC_URL,
    };
  });
  afterAll(async () => {
    await api?.stop();
    await env?.teardown();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serves health, readiness and signed events, takes `events send --url`, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    api = startNotify(['api'], { ...cliEnv, NOTIFY_API_PORT: String(port) });
    const [, baseUrl] = await api.waitFor(/notify api: listening on (http:\/\/\S+)/);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });

    const body = JSON.stringify({
      id: 'api-o-1',
      type: 'order.placed',
      occurredAt: AT,
      data: { orderId: 'o-api-1', customerId: 'c-1', items: ITEMS },
    });
    const posted = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: signedEventHeaders(body, new Date()),
      body,
    });
    expect(posted.status).toBe(202);
    expect(await posted.json()).toEqual({ results: [{ id: 'api-o-1', status: 'accepted' }] });
    const unsigned = await fetch(`${baseUrl}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);

    const file = path.join(dataDir, 'events.jsonl');
    const shipped = {
      id: 'api-s-1',
      type: 'shipment.created',
      occurredAt: AT,
      data: { orderId: 'o-api-1', shipmentId: 's-1', carrier: 'sf-express', trackingNumber: 'SF1' },
    };
    await writeFile(
      file,
      [JSON.stringify(shipped), JSON.stringify({ id: 'api-o-1', type: 'order.placed' })].join('\n'),
    );
    const sent = await runNotify(['events', 'send', file, '--url', baseUrl as string], cliEnv);
    expect(sent.stdout.trim().split('\n')).toEqual([
      'line 1\tapi-s-1\taccepted',
      expect.stringMatching(/^line 2\tapi-o-1\trejected\t/),
    ]);
    expect(sent.code).toBe(1);
    const history = await env.client.workflow.getHandle('order:o-api-1').fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signals).toHaveLength(2);

    expect(await api.stop()).toBe(0);
    api = undefined;
  }, 120_000);

  it("without NOTIFY_INGEST_SECRET signs with the data directory's development secret, and listens on loopback only", async () => {
    const devDataDir = await mkdtemp(path.join(tmpdir(), 'notify-cli-api-dev-'));
    const port = await freePort();
    const { NOTIFY_INGEST_SECRET: _unset, ...withoutSecret } = cliEnv;
    const dev = startNotify(['api'], { ...withoutSecret, NOTIFY_DATA_DIR: devDataDir, NOTIFY_API_PORT: String(port) });
    try {
      const [, baseUrl] = await dev.waitFor(/notify api: listening on (http:\/\/\S+)/);
      await dev.waitFor(/notify api: interface /);
      const secretFile = path.join(devDataDir, 'ingest-secret');
      expect(dev.stderr()).toContain(
        `notify api: events are signed with the development secret just generated in ${secretFile}`,
      );
      expect(dev.stderr()).toContain(
        'notify api: interface 127.0.0.1: loopback only, not reachable from other machines',
      );
      const devSecret = (await readFile(secretFile, 'utf8')).trim();
      const body = JSON.stringify({
        id: 'api-dev-1',
        type: 'order.placed',
        occurredAt: AT,
        data: { orderId: 'o-dev-1', customerId: 'c-1', items: ITEMS },
      });
      const post = (secret: string) =>
        fetch(`${baseUrl}/v1/events`, { method: 'POST', headers: signedEventHeaders(body, new Date(), secret), body });
      expect((await post(INGEST_SECRET)).status).toBe(401);
      expect((await post(devSecret)).status).toBe(202);
      expect(await dev.stop()).toBe(0);
    } finally {
      await dev.stop();
      await rm(devDataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('on all interfaces says so with a warning, and guards /metrics with NOTIFY_METRICS_TOKEN', async () => {
    const port = await freePort();
    const exposed = startNotify(['api'], {
      ...cliEnv,
      NOTIFY_API_PORT: String(port),
      NOTIFY_API_HOST: '0.0.0.0',
      NOTIFY_METRICS_TOKEN: 'scrape-token-0123456789',
    });
    try {
      await exposed.waitFor(/notify api: interface /);
      expect(exposed.stderr()).toContain(
        'notify api: interface 0.0.0.0: ALL interfaces. Warning: reply links, webhooks, events and /metrics (bearer ' +
          'token required) are reachable from other machines',
      );
      const metrics = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(metrics)).status).toBe(401);
      const scraped = await fetch(metrics, { headers: { authorization: 'Bearer scrape-token-0123456789' } });
      expect(scraped.status).toBe(200);
    } finally {
      expect(await exposed.stop()).toBe(0);
    }
  }, 120_000);

  it.each([
    [
      'Temporal is unreachable',
      { TEMPORAL_ADDRESS: '127.0.0.1:1' },
      1,
      /^notify: cannot reach Temporal at 127\.0\.0\.1:1 /,
    ],
    ['the port is not a number', { NOTIFY_API_PORT: 'eighty' }, 78, /^notify: invalid configuration/],
  ])(
    'fails clearly, with the right exit code, when %s',
    async (_case, env, code, message) => {
      const result = await runNotify(['api'], { ...cliEnv, ...env });
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(message);
      // One line, or for configuration one line per problem under its heading: never a stack trace.
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    },
    60_000,
  );
});

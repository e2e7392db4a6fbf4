import {
  type ApiFixture,
  customerEvent,
  openApiFixture,
  signedEventHeaders,
  twilioRequest,
} from './helpers/api-fixture';

describe('health, metrics and logs', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('answers /healthz, and /readyz only while the database and Temporal answer', async () => {
    expect((await fx.request({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await fx.request({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });
    fx.workflows.reachable = false;
    const notReady = await fx.request({ method: 'GET', url: '/readyz' });
    fx.workflows.reachable = true;
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ database: 'ok', temporal: expect.stringContaining('unavailable') });
  });

  it('exposes edge counters and process metrics in Prometheus text format', async () => {
    await fx.request(
      twilioRequest('/v1/twilio/inbound', { MessageSid: 'SM-m1', From: '+8613800138000', To: '+1', Body: 'HELP' }),
    );
    await fx.request(twilioRequest('/v1/twilio/inbound', { From: '+1' }, { token: 'forged' }));
    const metrics = await fx.request({ method: 'GET', url: '/metrics' });
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(metrics.body).toContain('# TYPE notify_inbound_messages_total counter');
    expect(metrics.body).toContain('notify_inbound_messages_total{kind="help",outcome="recorded"} 1');
    expect(metrics.body).toContain('notify_webhook_rejections_total{route="inbound"} 1');
    expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(metrics.body).toMatch(/^process_cpu_seconds_total [\d.]+$/m);
  });

  it('logs request ids and event ids but no full phone number, email, message body or secret', async () => {
    const body = JSON.stringify(customerEvent('log-1', 'c-log', '+8613912345678'));
    const headers = signedEventHeaders(body, fx.now);
    await fx.request({ method: 'POST', url: '/v1/events', payload: body, headers });
    await fx.request(
      twilioRequest('/v1/twilio/inbound', {
        MessageSid: 'SM-log',
        From: '+8613912345678',
        To: '+1',
        Body: 'my secret words',
      }),
    );
    const log = fx.logLines.join('\n');
    expect(log).toContain('"eventId":"log-1"'.replace('"eventId"', '"id"'));
    expect(log).toContain('+86*******5678');
    expect(log).toMatch(/"reqId":"[\w-]+"/);
    for (const secret of [
      '+8613912345678',
      'wangfang@example.com',
      'my secret words',
      headers['x-notify-signature'],
      fx.config.api.ingestSecret,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/config';
import { DEFAULT_CONFIG_FILE, loadConfig, parseConfig } from '../../config/load';
import { redactConfig } from '../../config/redact';

const shipped = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');

function issuesOf(fn: () => unknown): ConfigError['issues'] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses the shipped temporal.yaml into the policy defaults of architecture.md 6.3', () => {
    const config = loadConfig({ env: {} });
    const { policy } = config;
    expect(policy.stall).toEqual({
      thresholdMs: 48 * 3600_000,
      carrierThresholdMs: {},
      replyWindowMs: 24 * 3600_000,
      followUpAfterMs: 48 * 3600_000,
      maxNoticesPerShipment: 2,
    });
    expect(policy.firstResponse.slaMs).toEqual({
      urgent: 15 * 60_000,
      high: 30 * 60_000,
      normal: 3600_000,
      low: 4 * 3600_000,
    });
    expect(policy.firstResponse.warnAt).toBe(0.75);
    expect(policy.usageGuide).toMatchObject({ afterDays: 2, atLocal: '10:00' });
    expect(policy.checkIn).toMatchObject({
      afterResolutionDays: 3,
      afterReshipDeliveryDays: 1,
      replyWindowMs: 3 * 86_400_000,
      lowScoreAtMost: 2,
    });
    expect(policy.windows.transactional).toEqual({ start: '08:00', end: '21:00' });
    expect(policy.windows.service).toEqual({ start: '09:00', end: '20:00' });
    expect(policy.frequencyCaps).toEqual({
      marketing: { max: 2, perMs: 7 * 86_400_000 },
      service: { max: 3, perMs: 86_400_000 },
    });
    expect(policy.classes['usage.guide']).toBe('service');
    expect(policy.classes['campaign']).toBe('marketing');
    expect(policy.windowExempt).toEqual(['ticket.ack', 'reply.ack', 'reply.clarify', 'optout.confirm', 'help.info']);
    expect(policy.localeFallback).toEqual(['zh-CN', 'en']);
    expect(policy.defaultTimezone).toBe('Asia/Shanghai');
    expect(config.database.url).toBeUndefined();
    expect(config.api.port).toBe(8080);
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({ env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.policy.stall)).toBe(true);
    expect(() => {
      (config.policy.stall as { thresholdMs: number }).thresholdMs = 1;
    }).toThrow(TypeError);
  });

  it('applies every documented environment override', () => {
    const config = parseConfig(shipped, 'temporal.yaml', {
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'shop',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      NOTIFY_DATA_DIR: '/var/lib/notify',
      NOTIFY_API_PORT: '9090',
      NOTIFY_PUBLIC_URL: 'https://notify.example.com/',
      NOTIFY_INGEST_SECRET: 'a-very-long-shared-secret',
      TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32),
      TWILIO_AUTH_TOKEN: 'token-123',
      TWILIO_MESSAGING_SERVICE_SID: 'MG' + 'b'.repeat(32),
      TWILIO_FROM: '+15005550006',
      SMTP_URL: 'smtp://user:pw@127.0.0.1:2525',
      EMAIL_FROM: 'Shop <care@shop.example>',
    });
    expect(config.temporal).toMatchObject({ address: 'temporal.internal:7233', namespace: 'shop' });
    expect(config.database).toEqual({ url: 'postgres://postgres@127.0.0.1:5432/test', dataDir: '/var/lib/notify' });
    expect(config.api).toMatchObject({
      port: 9090,
      publicUrl: 'https://notify.example.com',
      ingestSecret: 'a-very-long-shared-secret',
    });
    expect(config.channels.sms).toMatchObject({
      accountSid: 'AC' + 'a'.repeat(32),
      authToken: 'token-123',
      messagingServiceSid: 'MG' + 'b'.repeat(32),
      from: '+15005550006',
    });
    expect(config.channels.email).toEqual({
      provider: 'auto',
      smtpUrl: 'smtp://user:pw@127.0.0.1:2525',
      from: 'Shop <care@shop.example>',
    });
  });

  it('rejects unknown keys, naming each with its full path', () => {
    const text = shipped
      .replace('  replyWindow: 24h', '  replyWindow: 24h\n    replyWindw: 12h')
      .replace('api:\n', 'api:\n  tls: true\n');
    const issues = issuesOf(() => parseConfig(text, 'x.yaml', {}));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'policy.stall.replyWindw', message: 'unknown key', value: '"12h"' },
        { path: 'api.tls', message: 'unknown key', value: 'true' },
      ]),
    );
    expect(issues).toHaveLength(2);
  });

  it('reports every problem at once, each with its key path and the offending value', () => {
    const text = shipped
      .replace('threshold: 48h', 'threshold: 2 days')
      .replace("at: '10:00' # ...at this recipient-local time", "at: '25:00'")
      .replace('warnAt: 0.75', 'warnAt: 1.5')
      .replace('defaultTimezone: Asia/Shanghai', 'defaultTimezone: Mars/Olympus');
    const issues = issuesOf(() => parseConfig(text, 'x.yaml', { NOTIFY_API_PORT: '70000' }));
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['policy.stall.threshold']).toMatchObject({
      message: expect.stringMatching(/duration/),
      value: '"2 days"',
    });
    expect(byPath['policy.usageGuide.at']).toMatchObject({ message: expect.stringMatching(/HH:MM/), value: '"25:00"' });
    expect(byPath['policy.firstResponse.warnAt']).toMatchObject({ value: '1.5' });
    expect(byPath['policy.defaultTimezone']).toMatchObject({ message: expect.stringMatching(/IANA/) });
    expect(byPath['api.port (from NOTIFY_API_PORT)']).toMatchObject({ value: '"70000"' });
    expect(issues).toHaveLength(5);
  });

  it('takes trusted proxies as addresses, CIDR ranges or named ranges, and names an entry that is none', () => {
    const good = shipped.replace(/^ {2}trustedProxies: .*$/m, '  trustedProxies: [10.0.0.0/8, "::1", loopback]');
    expect(parseConfig(good, 'x.yaml', {}).api.trustedProxies).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    const bad = shipped.replace(/^ {2}trustedProxies: .*$/m, '  trustedProxies: [10.0.0.0/33, proxy.internal]');
    expect(issuesOf(() => parseConfig(bad, 'x.yaml', {}))).toEqual([
      expect.objectContaining({ path: 'api.trustedProxies.0', value: '"10.0.0.0/33"' }),
      expect.objectContaining({ path: 'api.trustedProxies.1', value: '"proxy.internal"' }),
    ]);
  });

  it('names a missing key', () => {
    const text = shipped.replace(/^ {4}followUpAfter: .*$/m, '');
    expect(issuesOf(() => parseConfig(text, 'x.yaml', {}))).toEqual([
      { path: 'policy.stall.followUpAfter', message: 'missing' },
    ]);
  });

  it('masks secrets in errors', () => {
    const issues = issuesOf(() =>
      parseConfig(shipped, 'x.yaml', {
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        NOTIFY_INGEST_SECRET: 'hunter2',
      }),
    );
    const text = JSON.stringify(issues);
    expect(text).not.toContain('hunter2');
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'DATABASE_URL', message: expect.stringMatching(/postgres/), value: 'mysql://root:********@db/x' },
        { path: 'NOTIFY_INGEST_SECRET', message: expect.stringMatching(/16/), value: '********' },
      ]),
    );
  });

  it('masks secrets when the effective configuration is shown', () => {
    const config = parseConfig(shipped, 'x.yaml', {
      DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1/test',
      NOTIFY_INGEST_SECRET: 'hunter2-hunter2-hunter2',
      TWILIO_AUTH_TOKEN: 'hunter2',
      SMTP_URL: 'smtp://u:hunter2@127.0.0.1:25',
    });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('127.0.0.1');
  });

  it('reports YAML syntax errors with line and column', () => {
    const issues = issuesOf(() => parseConfig('temporal:\n  address: [unclosed\n', 'x.yaml', {}));
    expect(issues[0]?.path).toBe('(yaml)');
    expect(issues[0]?.message).toMatch(/line \d+, column \d+/);
  });

  it('requires what an explicitly chosen provider needs', () => {
    const text = shipped.replace('provider: auto # auto (Twilio', 'provider: twilio # (Twilio');
    const issues = issuesOf(() => parseConfig(text, 'x.yaml', {}));
    expect(issues.map((i) => i.path).sort()).toEqual([
      'TWILIO_AUTH_TOKEN',
      'channels.sms.accountSid',
      'channels.sms.from',
    ]);
  });

  it('names the file when it does not exist', () => {
    const issues = issuesOf(() => loadConfig({ file: '/nonexistent/notify.yaml', env: {} }));
    expect(issues).toEqual([{ path: '(file)', message: 'file not found' }]);
  });
});

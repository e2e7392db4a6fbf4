import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { upsertCustomer } from '../../db/repositories/customers';
import { recordOrderPlaced } from '../../db/repositories/orders';
import { runInProcess } from './helpers/in-process';

/**
 * `notify campaign create --dry-run`, `create` and `list` as an operator runs them (the program bin/notify runs, in
 * this process) against an embedded database seeded with 40 customers, 30 of whom bought the fan (20 zh-CN, 10 en).
 */
describe('notify campaign create and list', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notify-campaign-cli-'));
  const env = {
    NOTIFY_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    DATABASE_URL: undefined,
    NOTIFY_CONFIG: undefined,
  };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const handle = await connect({ dataDir });
    try {
      await migrateToLatest(handle.db);
      const at = new Date('2026-03-01T02:00:00Z');
      for (let i = 0; i < 40; i++) {
        const id = `c-${String(i).padStart(3, '0')}`;
        await upsertCustomer(handle.db, {
          id,
          name: `Customer ${i}`,
          phone: `+1212555${String(1000 + i)}`,
          email: `${id}@example.com`,
          locale: i % 3 === 0 ? 'en' : 'zh-CN',
          timezone: 'Asia/Shanghai',
          preferredChannel: 'sms',
          at,
        });
        const sku = i < 30 ? 'FAN-01' : 'KETTLE-1';
        await recordOrderPlaced(handle.db, {
          id: `o-${i}`,
          customerId: id,
          items: [{ sku, name: sku, category: 'small_appliance', quantity: 1 }],
          promisedDeliveryBy: null,
          placedAt: at,
        });
      }
    } finally {
      await handle.close();
    }
  });

  const flags = ['--name', 'Fan tips', '--sku', 'FAN-01', '--variant', 'A:1:guide_push', '--variant', 'B:1:survey'];
  const more = ['--holdout', '0.1', '--rate', '5'];

  it('--dry-run shows the audience, hold-out and samples (and stores nothing: the create below is the first)', async () => {
    const dry = await runInProcess(['campaign', 'create', ...flags, ...more, '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: campaign fan-tips (Fan tips) nothing stored, nothing sent\n');
    expect(dry.stdout).toContain('  audience      30 customers (SKU FAN-01)\n');
    expect(dry.stdout).toMatch(/ {2}hold-out {6}\d+ \(\d+\.\d %; share 0\.1\)\n/);
    expect(dry.stdout).toMatch(/ {2}locales {7}en: 10\n {16}zh-CN: 20\n/);
    expect(dry.stdout).toMatch(/ {2}duration {6}\S.* at 5 messages\/s \(send windows not counted\)\n/);
    for (const sample of ['A · en', 'A · zh-CN', 'B · en', 'B · zh-CN']) expect(dry.stdout).toContain(`\n${sample}\n`);
  });

  it('create stores once (a re-run finds the stored campaign), and list shows it', async () => {
    const first = await runInProcess(['campaign', 'create', ...flags, ...more], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toBe(
      'stored campaign fan-tips (Fan tips), status draft; start it with: notify campaign start fan-tips\n',
    );
    const again = await runInProcess(['campaign', 'create', ...flags, '--holdout', '0.2', '--rate', '5'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^campaign fan-tips was already stored on .+, status draft; the stored definition stands/,
    );

    const listed = await runInProcess(['campaign', 'list'], env);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^id +name +status +created +starts +pending +sent +skipped +failed$/);
    expect(lines[2]).toMatch(/^fan-tips +Fan tips +draft +\d{4}-\d\d-\d\d \d\d:\d\d +- +0 +0 +0 +0$/);
    expect(lines).toHaveLength(4);
  });

  it('an invalid definition file lists its problems, without a stack, and exits 2', async () => {
    const file = path.join(dataDir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ id: 'x', name: 'x', audience: {}, variants: [], pacing: { messagesPerSecond: 1 } }),
    );
    const bad = await runInProcess(['campaign', 'create', '--file', file], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    // Every problem at once, no stack trace.
    expect(bad.stderr).toMatch(/^notify: invalid campaign definition:\n {2}- audience: .+\n {2}- variants: .+\n$/);
  });
});

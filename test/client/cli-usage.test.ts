import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliEnv, runCli } from './helpers/cli-process';

/**
 * The real `notify` binary, for what only the process shows: usage mistakes are one line on stderr and exit code 2,
 * checked before any database or Temporal is touched (the data directory stays empty).
 */
describe('notify usage errors', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notify-cli-usage-'));
  const env = cliEnv({ NOTIFY_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1' });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exit 2 with one clear line, and nothing opened', async () => {
    const [limit, audience, channel, missing] = await Promise.all([
      runCli(['outbox', '--limit', '0'], env),
      runCli(['campaign', 'create', '--name', 'Fan tips', '--rate', '10', '--template', 'guide_push'], env),
      runCli(['customer', 'optout', 'c-1', '--channel', 'fax'], env),
      runCli(['order', 'show'], env),
    ]);
    expect(limit).toEqual({
      code: 2,
      stdout: '',
      stderr: 'notify: --limit must be a whole number of at least 1, not "0" (run with --help for usage)\n',
    });
    expect(audience).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'notify: choose an audience: --sku, --category, --delivered-from/--delivered-to, --carrier, --locale, ' +
        '--customers-csv or --orders-csv (run with --help for usage)\n',
    });
    expect(channel.code).toBe(2);
    expect(channel.stderr).toContain("error: option '--channel <channel>' argument 'fax' is invalid");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'orderId'");
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

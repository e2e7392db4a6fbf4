import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { runNotify } from '../api/helpers/notify-cli';
import { registerSearchAttributes } from '../../worker/search-attributes';
import { createTestEnv } from '../helpers/temporal-env';

/** `notify events send --direct`: bin/notify as a child process against temporal-lite and PGlite in a scratch dir. */

const ITEMS = [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }];
const AT = '2026-03-02T09:00:00+08:00';
const customer = {
  id: 'cli-c-1',
  type: 'customer.upserted',
  occurredAt: AT,
  data: {
    customerId: 'c-cli',
    name: 'Dana',
    phone: '+12125550123',
    locale: 'en',
    timezone: 'America/New_York',
    preferredChannel: 'sms',
    consents: { marketing: false },
  },
};
const order = {
  id: 'cli-o-1',
  type: 'order.placed',
  occurredAt: AT,
  data: { orderId: 'o-cli', customerId: 'c-cli', items: ITEMS },
};
const missingType = { id: 'cli-bad', occurredAt: AT, data: {} };

describe('notify events send --direct', () => {
  let env: TestWorkflowEnvironment;
  let dataDir: string;
  let cliEnv: Record<string, string>;
  beforeAll(async () => {
    env = await createTestEnv();
    // The worker registers them at start-up; there is no worker here.
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    dataDir = await mkdtemp(path.join(tmpdir(), 'notify-cli-send-'));
    cliEnv = { TEMPORAL_ADDRESS: env.address, NOTIFY_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await env?.teardown();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('routes each valid line through Temporal, reports every line, and exits 1 when any is rejected', async () => {
    const file = path.join(dataDir, 'events.jsonl');
    const lines = [JSON.stringify(customer), JSON.stringify(order), JSON.stringify(missingType), '{ not json', ''];
    await writeFile(file, lines.join('\n'));
    const result = await runNotify(['events', 'send', file, '--direct'], cliEnv);
    expect(result.code).toBe(1);
    const report = result.stdout.trim().split('\n');
    expect(report).toEqual([
      'line 1\tcli-c-1\taccepted',
      'line 2\tcli-o-1\taccepted',
      expect.stringMatching(/^line 3\tcli-bad\trejected\t.*type/),
      'line 4\t-\trejected\tnot valid JSON',
    ]);
    expect(result.stderr.trim()).toBe('4 lines: 2 accepted, 0 duplicate, 2 rejected');
    const journey = await env.client.workflow.getHandle('order:o-cli').describe();
    expect(journey.type).toBe('orderJourney');
  }, 90_000);

  it('reads standard input with "-", answers duplicate for events already routed, and exits 0', async () => {
    const result = await runNotify(
      ['events', 'send', '-', '--direct'],
      cliEnv,
      `${JSON.stringify(customer)}\n${JSON.stringify(order)}\n`,
    );
    expect(result.stdout.trim().split('\n')).toEqual(['line 1\tcli-c-1\tduplicate', 'line 2\tcli-o-1\tduplicate']);
    expect(result.code).toBe(0);
  }, 60_000);

  it('--now moves a trace dated in the future to the present, so the API does not refuse it', async () => {
    // A month ahead of whatever today is: the API's skew tolerance is 5 minutes.
    const occurredAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const future = { ...order, id: 'cli-o-future', occurredAt };
    const line = `${JSON.stringify({ ...future, data: { ...order.data, orderId: 'o-cli-future' } })}\n`;
    const refused = await runNotify(['events', 'send', '-', '--direct'], cliEnv, line);
    expect(refused.stdout).toMatch(/^line 1\tcli-o-future\trejected\toccurredAt is \d+ d in the future/);
    const shifted = await runNotify(['events', 'send', '-', '--direct', '--now'], cliEnv, line);
    expect(shifted.stdout.trim()).toBe('line 1\tcli-o-future\taccepted');
    expect(shifted.code).toBe(0);
  }, 60_000);

  it.each([
    [
      'Temporal is unreachable',
      ['events', 'send', '-', '--direct'],
      { TEMPORAL_ADDRESS: '127.0.0.1:1' },
      1,
      /^notify: cannot reach Temporal at 127\.0\.0\.1:1 /,
    ],
    [
      'the file does not exist',
      ['events', 'send', '/nonexistent/events.jsonl', '--direct'],
      {},
      1,
      /^notify: ENOENT: no such file or directory/,
    ],
    ['the file argument is missing', ['events', 'send', '--direct'], {}, 2, /missing required argument 'file'/],
  ])(
    'fails with one clear line when %s',
    async (_case, args, env, code, message) => {
      const result = await runNotify(args, { ...cliEnv, ...env }, JSON.stringify(order));
      expect(result.code).toBe(code);
      const errorLines = result.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('(run with --help'));
      expect(errorLines).toEqual([expect.stringMatching(message)]);
      expect(result.stdout).toBe('');
    },
    60_000,
  );
});

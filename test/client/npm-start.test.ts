import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/free-port';
import { cliEnv, runCli, type RunningCli, spawnCli } from './helpers/cli-process';

/**
 * The newcomer's path (issue 7): `npm start` (= `node bin/notify start`) with nothing configured falls back to
 * temporal-lite (the configured Temporal does not answer), PGlite and outbox files, generates a development ingest
 * secret, and serves the API; `notify events send` signs with that secret, and `notify outbox` shows the message.
 * While it holds PGlite, `customer optout` and every `campaign` command (create, list, start, pause, resume, cancel,
 * status) go through its API (service.json).
 */
describe('npm start: the embedded default, end to end', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notify-npm-start-'));
  let start: RunningCli | undefined;

  afterAll(() => {
    start?.killGroup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, takes signed events, shows the ticket acknowledgement in the outbox, and stops cleanly on Ctrl-C', async () => {
    const [apiPort, temporalPort] = [await freePort(), await freePort()];
    const env = cliEnv({
      NOTIFY_DATA_DIR: dataDir,
      NOTIFY_API_PORT: String(apiPort),
      NOTIFY_PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      // Nothing listens there, so `start` launches temporal-lite on that address, in real time.
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    });

    start = spawnCli(['start'], env);
    await start.waitFor('Ctrl-C stops it.', 90_000);
    const secretFile = path.join(dataDir, 'ingest-secret');
    expect(start.stderr).toContain(
      `temporal-lite on 127.0.0.1:${temporalPort} (state in ${path.join(dataDir, 'temporal.db')})`,
    );
    expect(start.stderr).toContain(`pglite ${path.join(dataDir, 'pglite')}`);
    expect(start.stderr).toContain(`SMS       outbox files under ${path.join(dataDir, 'outbox')}`);
    expect(start.stderr).toContain(`development secret just generated in ${secretFile}`);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(start.stderr).toContain(`API       http://127.0.0.1:${apiPort}\n`);
    expect(start.stderr).toContain('interface 127.0.0.1: loopback only, not reachable from other machines');

    // A ticket opened now: its ticket.ack is a direct answer, exempt from send windows, so it goes at once.
    const now = new Date().toISOString();
    const trace = path.join(dataDir, 'trace.jsonl');
    writeFileSync(
      trace,
      [
        {
          id: 'npm-start-1',
          type: 'customer.upserted',
          occurredAt: now,
          data: {
            customerId: 'c-npm',
            name: 'Dana Reyes',
            phone: '+12125550123',
            email: 'dana@example.com',
            locale: 'en',
            timezone: 'America/New_York',
            preferredChannel: 'sms',
            consents: { marketing: false },
          },
        },
        {
          id: 'npm-start-2',
          type: 'ticket.opened',
          occurredAt: now,
          data: { ticketId: 't-npm', customerId: 'c-npm', priority: 'normal', channel: 'email', subject: 'Fan broke' },
        },
      ]
        .map((event) => JSON.stringify(event))
        .join('\n'),
    );
    const sent = await runCli(['events', 'send', trace], env);
    expect(sent).toMatchObject({ code: 0 });
    expect(sent.stdout).toBe('line 1\tnpm-start-1\taccepted\nline 2\tnpm-start-2\taccepted\n');

    await waitForOutboxFile(path.join(dataDir, 'outbox'), 30_000);
    // Contacts at rest are the owner's alone: the outbox files and embedded PGlite.
    const outboxFiles = readdirSync(path.join(dataDir, 'outbox')).filter((name) => name.endsWith('.json'));
    expect(outboxFiles.map((name) => statSync(path.join(dataDir, 'outbox', name)).mode & 0o777)).toEqual(
      outboxFiles.map(() => 0o600),
    );
    for (const directory of ['outbox', 'outbox/.keys', 'pglite']) {
      expect({ directory, mode: statSync(path.join(dataDir, directory)).mode & 0o777 }).toEqual({
        directory,
        mode: 0o700,
      });
    }
    // Temporal's state (histories carry contacts and message bodies) likewise.
    expect(statSync(path.join(dataDir, 'temporal.db')).mode & 0o777).toBe(0o600);
    // PGlite is held by `start`: the command finds its API in service.json and reads the outbox table through it.
    expect(JSON.parse(readFileSync(path.join(dataDir, 'service.json'), 'utf8'))).toEqual({
      pid: start.child.pid,
      apiUrl: `http://127.0.0.1:${apiPort}`,
    });
    const listed = await runCli(['outbox', '--json', '--customer', 'c-npm'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const entries = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({
        key: 'ticket:t-npm/ticket.ack/1',
        purpose: 'ticket.ack',
        channel: 'sms',
        to: '+12*****0123',
        status: 'sent',
      }),
    ]);
    expect(listed.stdout).not.toContain('+12125550123');
    const revealed = await runCli(['outbox', '--json', '--reveal', '--customer', 'c-npm'], env);
    expect(revealed).toMatchObject({
      code: 0,
      stderr: "notify: contacts are shown in full (--reveal): customers' personal data, handle with care\n",
    });
    expect(JSON.parse(revealed.stdout)).toEqual(expect.objectContaining({ to: '+12125550123' }));

    // The operator commands that need the database work against the running service (issue 7).
    const optout = await runCli(
      ['customer', 'optout', 'c-npm', '--channel', 'sms', '--reason', 'asked', '--json'],
      env,
    );
    expect(optout).toMatchObject({ code: 0, stderr: '' });
    const optedOut = JSON.parse(optout.stdout) as { channels: { channel: string; optedOut: boolean }[] };
    expect(optedOut.channels).toEqual([
      expect.objectContaining({ channel: 'sms', address: '+12*****0123', optedOut: true, source: 'cli' }),
      expect.objectContaining({ channel: 'email', optedOut: false }),
    ]);
    const unknown = await runCli(['customer', 'optout', 'c-nobody'], env);
    expect(unknown).toMatchObject({ code: 1, stderr: 'notify: no customer c-nobody\n' });

    const audience = path.join(dataDir, 'audience.csv');
    writeFileSync(audience, 'customer\nc-npm\n');
    const campaign = [
      'campaign',
      'create',
      '--name',
      'Fan tips',
      '--template',
      'guide_push',
      '--customers-csv',
      audience,
      '--rate',
      '5',
      '--id',
      'fan-tips',
      // By email, as service mail: the customer opted out of SMS above and gave no marketing consent.
      '--channel',
      'email',
      '--class',
      'service',
      // An hour away: the campaign waits, so pause, resume and cancel each land while it runs.
      '--starts-at',
      new Date(Date.now() + 3_600_000).toISOString(),
    ];
    const dryRunViaService = await runCli([...campaign, '--dry-run', '--json'], env);
    expect(dryRunViaService).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(dryRunViaService.stdout)).toMatchObject({ dryRun: true, preview: { audienceCount: 1 } });
    expect(await runCli(campaign, env)).toMatchObject({ code: 0, stdout: expect.stringContaining('stored campaign') });
    const listViaService = await runCli(['campaign', 'list', '--json'], env);
    expect(listViaService).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(listViaService.stdout)).toEqual([
      expect.objectContaining({
        name: 'Fan tips',
        status: 'draft',
        counts: { pending: 0, sent: 0, skipped: 0, failed: 0 },
      }),
    ]);

    // Operating the campaign through the service's API: its workflow runs in the service's worker.
    const status = async (): Promise<{ status: string; counts: { sent: number } }> => {
      const shown = await runCli(['campaign', 'status', 'fan-tips', '--json'], env);
      expect(shown).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(shown.stdout) as { status: string; counts: { sent: number } };
    };
    const becomes = async (wanted: string): Promise<void> => {
      const deadline = Date.now() + 20_000;
      for (let seen = await status(); seen.status !== wanted; seen = await status()) {
        if (Date.now() > deadline) throw new Error(`campaign never became ${wanted}: ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    };
    expect(await runCli(['campaign', 'start', 'fan-tips'], env)).toMatchObject({ code: 0, stderr: '' });
    await becomes('running');
    expect(await runCli(['campaign', 'pause', 'fan-tips'], env)).toMatchObject({
      code: 0,
      stdout: 'pause sent: campaign fan-tips pauses after the batch in flight\n',
    });
    await becomes('paused');
    expect(await runCli(['campaign', 'resume', 'fan-tips'], env)).toMatchObject({ code: 0 });
    await becomes('running');
    expect(await runCli(['campaign', 'cancel', 'fan-tips'], env)).toMatchObject({ code: 0 });
    await becomes('cancelled');
    expect((await status()).counts.sent).toBe(0); // cancelled before its hour came: nobody was messaged
    const listedAfter = await runCli(['campaign', 'list', '--json'], env);
    expect(JSON.parse(listedAfter.stdout)).toEqual([expect.objectContaining({ id: 'fan-tips', status: 'cancelled' })]);
    expect(await runCli(['campaign', 'status', 'no-such-campaign'], env)).toMatchObject({ code: 1 });

    start.interrupt();
    expect(await start.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'service.json'))).toBe(false);

    // With the service stopped, the same commands open the database themselves, and print the same.
    expect(await runCli([...campaign, '--dry-run', '--json'], env)).toEqual(dryRunViaService);
    expect(await runCli(['campaign', 'list', '--json'], env)).toEqual(listedAfter);
    const direct = await runCli(['customer', 'optin', 'c-npm', '--channel', 'email', '--json'], env);
    expect(JSON.parse(direct.stdout)).toEqual({
      customerId: 'c-npm',
      channels: [optedOut.channels[0], expect.objectContaining({ channel: 'email', source: 'cli' })],
    });
  }, 150_000);
});

async function waitForOutboxFile(directory: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(existsSync(directory) && readdirSync(directory).some((name) => name.endsWith('.json')))) {
    if (Date.now() > deadline) throw new Error(`no message in ${directory} within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

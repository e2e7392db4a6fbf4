import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliEnv, freePort, runCli, type RunningCli, spawnCli } from './helpers/cli-process';

/**
 * The newcomer's path (issue 7): `npm start` (= `node bin/notify start`) with nothing configured falls back to
 * temporal-lite (the configured Temporal does not answer), PGlite and outbox files, generates a development ingest
 * secret, and serves the API; `notify events send` signs with that secret, and `notify outbox` shows the message.
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
    expect(start.stderr).toContain(`temporal-lite on 127.0.0.1:${temporalPort}`);
    expect(start.stderr).toContain(`pglite ${path.join(dataDir, 'pglite')}`);
    expect(start.stderr).toContain(`SMS       outbox files under ${path.join(dataDir, 'outbox')}`);
    expect(start.stderr).toContain(`development secret just generated in ${secretFile}`);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);

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
    const listed = await runCli(['outbox', '--json'], env);
    expect(listed.code).toBe(0);
    // PGlite is held by `start`, so the command says it reads the outbox files instead.
    expect(listed.stderr).toContain('listing the outbox files under');
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

    start.interrupt();
    expect(await start.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  }, 150_000);
});

async function waitForOutboxFile(directory: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(existsSync(directory) && readdirSync(directory).some((name) => name.endsWith('.json')))) {
    if (Date.now() > deadline) throw new Error(`no message in ${directory} within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

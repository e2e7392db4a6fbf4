import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutboxDirectory, OutboxEmailSender, OutboxSmsSender } from '../../channels/outbox';
import { makeTempDir } from '../db/helpers/temp-dir';

/**
 * Outbox files hold phone numbers, email addresses and bodies (issue 13): directories 0700, files 0600, whatever the
 * umask, and an outbox left readable by an earlier version is tightened the first time it is touched.
 */
describe('development outbox file modes', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let umask: number;
  beforeEach(() => {
    temp = makeTempDir('notify-outbox-modes');
    // The most permissive umask: every bit that ends up cleared was cleared by notify, not by the environment.
    umask = process.umask(0o000);
  });
  afterEach(() => {
    process.umask(umask);
    temp.remove();
  });

  const mode = (path: string): number => statSync(path).mode & 0o777;

  /** Every directory and file under `root` with its mode, relative names. */
  function modes(root: string): Record<string, number> {
    const found: Record<string, number> = {};
    for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
      const full = join(entry.parentPath, entry.name);
      found[full.slice(root.length + 1)] = mode(full);
    }
    return found;
  }

  it('creates the data directory, the outbox and its key directory 0700 and every message file 0600', async () => {
    const dataDir = join(temp.dir, 'fresh', 'data');
    const outbox = new OutboxDirectory(dataDir);
    await new OutboxSmsSender(outbox).send({ to: '+14155550123', body: 'Late parcel', idempotencyKey: 'k/sms/1' });
    await new OutboxEmailSender(outbox, 'shop@example.com').send({
      to: 'zoe@example.com',
      subject: 'Your parcel',
      text: 'Late',
      html: '<p>Late</p>',
      idempotencyKey: 'k/email/1',
    });

    expect(mode(dataDir)).toBe(0o700);
    const found = modes(dataDir);
    expect(Object.keys(found).filter((name) => name.endsWith('.json'))).toHaveLength(4); // two names per message
    for (const [name, bits] of Object.entries(found)) {
      expect({ name, mode: bits.toString(8) }).toEqual({
        name,
        mode: statSync(join(dataDir, name)).isDirectory() ? '700' : '600',
      });
    }
  });

  it('tightens an outbox written with loose modes the first time it is listed or written to', async () => {
    const dataDir = join(temp.dir, 'old');
    const keys = join(dataDir, 'outbox', '.keys');
    mkdirSync(keys, { recursive: true, mode: 0o755 });
    const record = { channel: 'sms', idempotencyKey: 'k/1', providerMessageId: 'p', createdAt: '2030-01-01T00:00:00Z' };
    for (const file of [join(dataDir, 'outbox', 'a-sms.json'), join(keys, 'sms-k.json')]) {
      writeFileSync(file, JSON.stringify({ ...record, file: 'a-sms.json', message: { to: '+1415', body: 'x' } }));
      chmodSync(file, 0o644);
    }
    chmodSync(join(dataDir, 'outbox'), 0o755);
    chmodSync(keys, 0o777);

    expect(await new OutboxDirectory(dataDir).list()).toHaveLength(1);
    expect(modes(join(dataDir, 'outbox'))).toEqual({ '.keys': 0o700, 'a-sms.json': 0o600, '.keys/sms-k.json': 0o600 });
    expect(mode(join(dataDir, 'outbox'))).toBe(0o700);

    // And a writer on its first message, for an outbox whose directory someone loosened again.
    chmodSync(join(dataDir, 'outbox'), 0o755);
    chmodSync(join(dataDir, 'outbox', 'a-sms.json'), 0o666);
    await new OutboxSmsSender(new OutboxDirectory(dataDir)).send({ to: '+1415', body: 'y', idempotencyKey: 'k/2' });
    expect(mode(join(dataDir, 'outbox'))).toBe(0o700);
    expect(mode(join(dataDir, 'outbox', 'a-sms.json'))).toBe(0o600);
  });

  it('lists an outbox that does not exist as empty, without creating it', async () => {
    const dataDir = join(temp.dir, 'none');
    expect(await new OutboxDirectory(dataDir).list()).toEqual([]);
    expect(() => statSync(dataDir)).toThrow(/ENOENT/);
  });
});

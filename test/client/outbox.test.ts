import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OutboxDirectory } from '../../channels/outbox';
import { palette } from '../../client/output/colour';
import { memoryTerminal } from '../../client/output/terminal';
import { followOutbox } from '../../client/outbox/follow';
import { runOutbox } from '../../client/outbox/run-outbox';
import {
  databaseSourceOf,
  filesSource,
  openOutboxSource,
  type OutboxSource,
  UnsupportedQueryError,
} from '../../client/outbox/sources';
import type { OutboxEntry } from '../../client/outbox/entry';
import { connect } from '../../db/connect';
import { claimNotification, markNotificationSent, recordRefusal } from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { claim } from '../db/helpers/rows';
import { makeTempDir } from '../db/helpers/temp-dir';

const view = { style: palette(false), zone: 'UTC' };
const T0 = Date.parse('2026-03-05T08:00:00Z');

describe.each(BACKENDS)('notify outbox on the outbox table (%s)', (backend) => {
  let database: TestDatabase;
  let source: OutboxSource;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
    source = databaseSourceOf(database.db, backend);
  });
  afterAll(() => database?.close());
  beforeEach(() => database.clear());

  async function sent(key: string, at: number, overrides: Parameters<typeof claim>[0] = {}): Promise<void> {
    await claimNotification(database.db, claim({ idempotencyKey: key, claimedAt: new Date(at), ...overrides }));
    await markNotificationSent(database.db, key, {
      provider: 'outbox',
      providerMessageId: `p-${key}`,
      status: 'sent',
      at: new Date(at + 10),
    });
  }

  it('lists the newest messages newest last, contacts masked, refusals with their reason', async () => {
    await sent('order:o-1/shipment.stalled/1', T0, { customerId: 'c-1', address: '+8613800138000' });
    await recordRefusal(
      database.db,
      claim({
        idempotencyKey: 'order:o-2/usage.guide/1',
        purpose: 'usage.guide',
        customerId: 'c-2',
        address: 'zoe@example.com',
        channel: 'email',
        claimedAt: new Date(T0 + 60_000),
      }),
      'opted_out',
    );
    await sent('order:o-3/reply.ack/1', T0 + 120_000, { customerId: 'c-1', address: '+8613800138000' });

    const terminal = memoryTerminal();
    await runOutbox(source, { limit: 2, json: false }, terminal, view);
    const lines = terminal.stdout().split('\n');
    expect(lines[0]).toMatch(/^time +channel +to +purpose +status +customer +key$/);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(
        /^2026-03-05 08:01:00 +email +z\*\*\*@example\.com +\S+ +suppressed +c-2 +order:o-2\/usage\.guide\/1 \(opted_out\)$/,
      ),
      expect.stringMatching(/^2026-03-05 08:02:00 +sms +\+86\*{7}8000 +\S+ +sent +c-1 +order:o-3\/reply\.ack\/1$/),
      '',
    ]);
    expect(terminal.stdout()).not.toContain('13800138000');
  });

  it('--json prints one object per message; --customer keeps that customer only', async () => {
    await sent('order:o-1/shipment.stalled/1', T0, { customerId: 'c-1', purpose: 'shipment.stalled' });
    await sent('order:o-2/shipment.stalled/1', T0 + 1000, { customerId: 'c-2', purpose: 'shipment.stalled' });
    const terminal = memoryTerminal();
    await runOutbox(source, { limit: 50, json: true, customerId: 'c-2' }, terminal, view);
    const entries = terminal
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as OutboxEntry);
    expect(entries).toEqual([
      expect.objectContaining({
        key: 'order:o-2/shipment.stalled/1',
        purpose: 'shipment.stalled',
        status: 'sent',
        customerId: 'c-2',
        at: new Date(T0 + 1000).toISOString(),
      }),
    ]);
  });

  it('an empty outbox says so on stderr and prints nothing on stdout', async () => {
    const terminal = memoryTerminal();
    await runOutbox(source, { limit: 50, json: false }, terminal, view);
    expect(terminal.stdout()).toBe('');
    expect(terminal.stderr()).toBe(`no messages in the outbox table (${backend})\n`);
  });

  it('--follow prints new messages once each, waits for a claim to get its outcome, and stops on abort', async () => {
    const base = Date.now();
    await sent('order:o-1/reply.ack/1', base - 60_000);
    const first = await source.list({ limit: 50 });
    const printed: string[][] = [];
    const stop = new AbortController();
    let poll = 0;
    await followOutbox(source, first, (entries) => printed.push(entries.map((e) => `${e.key} ${e.status}`)), {
      intervalMs: 1,
      signal: stop.signal,
      wait: async () => {
        poll += 1;
        if (poll === 1) {
          await sent('order:o-2/reply.ack/1', base);
          await claimNotification(
            database.db,
            claim({ idempotencyKey: 'order:o-3/reply.ack/1', claimedAt: new Date(base + 1) }),
          );
        }
        if (poll === 2) {
          await markNotificationSent(database.db, 'order:o-3/reply.ack/1', {
            provider: 'outbox',
            providerMessageId: 'p-3',
            status: 'sent',
            at: new Date(base + 2),
          });
        }
        if (poll === 4) stop.abort();
      },
    });
    expect(printed).toEqual([['order:o-2/reply.ack/1 sent'], ['order:o-3/reply.ack/1 sent']]);
  });
});

describe('notify outbox on the development outbox files', () => {
  const temp = makeTempDir('notify-outbox-files');
  afterAll(() => temp.remove());

  it('reads what the outbox sinks wrote, purpose from the key, contact masked, the file named', async () => {
    const outbox = new OutboxDirectory(temp.dir, () => new Date(T0));
    await outbox.writeOnce('sms', 'ticket:t-1/ticket.ack/1', 'p-1', { to: '+12125550123', body: 'Hi Dana' });
    const later = new OutboxDirectory(temp.dir, () => new Date(T0 + 1000));
    await later.writeOnce('email', 'ticket:t-1/ticket.sla_holding/1', 'p-2', {
      to: 'dana@example.com',
      subject: 'x',
    });
    const entries = await filesSource(temp.dir).list({ limit: 50 });
    expect(entries).toEqual([
      expect.objectContaining({
        key: 'ticket:t-1/ticket.ack/1',
        purpose: 'ticket.ack',
        channel: 'sms',
        to: '+12*****0123',
      }),
      expect.objectContaining({
        purpose: 'ticket.sla_holding',
        channel: 'email',
        to: 'd***@example.com',
        status: 'sent',
      }),
    ]);
    expect(entries[0]?.file).toMatch(/outbox\/20260305T080000000Z-sms-ticket_t-1_ticket\.ack_1-[0-9a-f]{12}\.json$/);
    expect(await filesSource(temp.dir).list({ limit: 1 })).toEqual([entries[1]]);
    await expect(filesSource(temp.dir).list({ limit: 5, customerId: 'c-1' })).rejects.toThrow(UnsupportedQueryError);
  });

  it('auto falls back to the files, saying so, while another handle holds the embedded database', async () => {
    const dataDir = path.join(temp.dir, 'held');
    mkdirSync(path.join(dataDir, 'outbox'), { recursive: true });
    writeFileSync(
      path.join(dataDir, 'outbox', '20260305T080000000Z-sms-k.json'),
      JSON.stringify({
        channel: 'sms',
        idempotencyKey: 'order:o-1/reply.ack/1',
        providerMessageId: 'p',
        createdAt: new Date(T0).toISOString(),
        file: '20260305T080000000Z-sms-k.json',
        message: { to: '+12125550123', body: 'x' },
      }),
    );
    const holder = await connect({ dataDir });
    try {
      const notes: string[] = [];
      const source = await openOutboxSource({ database: { url: undefined, dataDir } }, 'auto', (n) => notes.push(n));
      expect(notes).toEqual([
        expect.stringMatching(
          /^the embedded database is in use by process \d+ \(notify start\?\); listing the outbox files under /,
        ),
      ]);
      expect((await source.list({ limit: 5 })).map((e) => e.key)).toEqual(['order:o-1/reply.ack/1']);
      await expect(
        openOutboxSource({ database: { url: undefined, dataDir } }, 'database', () => undefined),
      ).rejects.toThrow(/is in use by process/);
    } finally {
      await holder.close();
    }
  });
});

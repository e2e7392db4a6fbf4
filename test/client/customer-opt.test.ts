import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { changeCustomerOpt, OptChangeError } from '../../client/customers/opt-change';
import { renderOptStates } from '../../client/customers/opt-view';
import { palette } from '../../client/output/colour';
import { isOptedOut, latestOptChange } from '../../db/repositories/consent';
import { upsertCustomer } from '../../db/repositories/customers';
import {
  devIngestSecretPath,
  ensureDevIngestSecret,
  readDevIngestSecret,
} from '../../worker/embedded/dev-ingest-secret';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { makeTempDir } from '../db/helpers/temp-dir';

const AT = new Date('2026-03-05T08:00:00Z');

describe.each(BACKENDS)('notify customer optout / optin (%s)', (backend) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(backend);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.clear();
    const base = { name: 'Dana', locale: 'en', timezone: 'America/New_York', preferredChannel: 'sms' as const, at: AT };
    await upsertCustomer(database.db, { ...base, id: 'c-1', phone: '+12125550123', email: 'dana@example.com' });
    await upsertCustomer(database.db, { ...base, id: 'c-2', phone: '+12125550199', email: null });
  });

  it('opts one channel out in the ledger, source cli, with the reason, and reports both channels', async () => {
    const states = await changeCustomerOpt(database.db, {
      customerId: 'c-1',
      change: 'opt_out',
      channel: 'sms',
      reason: 'asked by phone',
      at: AT,
    });
    expect(states).toEqual([
      {
        channel: 'sms',
        address: '+12*****0123',
        optedOut: true,
        since: AT.toISOString(),
        source: 'cli',
        reason: 'asked by phone',
      },
      { channel: 'email', address: 'd***@example.com', optedOut: false, since: null, source: null, reason: null },
    ]);
    // The check the notify activity makes before every send now refuses SMS to that number, and only SMS.
    expect(await isOptedOut(database.db, { channel: 'sms', address: '+12125550123' })).toBe(true);
    expect(await isOptedOut(database.db, { channel: 'email', address: 'dana@example.com' })).toBe(false);
    expect(renderOptStates('c-1', states, palette(false), 'UTC')).toBe(
      [
        'Customer c-1',
        'channel  address           state        since                 source  reason',
        '-------  ----------------  -----------  --------------------  ------  --------------',
        'sms      +12*****0123      opted out    2026-03-05 08:00 UTC  cli     asked by phone',
        'email    d***@example.com  may receive  -                     -',
        '',
      ].join('\n'),
    );
  });

  it('without --channel covers every channel the customer has an address for; optin reverses it', async () => {
    const out = await changeCustomerOpt(database.db, { customerId: 'c-1', change: 'opt_out', at: AT });
    expect(out.map((s) => [s.channel, s.optedOut])).toEqual([
      ['sms', true],
      ['email', true],
    ]);
    const later = new Date(AT.getTime() + 60_000);
    const back = await changeCustomerOpt(database.db, {
      customerId: 'c-1',
      change: 'opt_in',
      channel: 'email',
      at: later,
    });
    expect(back.map((s) => [s.channel, s.optedOut, s.since])).toEqual([
      ['sms', true, AT.toISOString()],
      ['email', false, later.toISOString()],
    ]);
    expect(await latestOptChange(database.db, { channel: 'email', address: 'dana@example.com' })).toMatchObject({
      kind: 'opt_in',
      source: 'cli',
      customer_id: 'c-1',
    });
  });

  it('refuses an unknown customer, or a channel the customer has no address on, recording nothing', async () => {
    await expect(changeCustomerOpt(database.db, { customerId: 'nobody', change: 'opt_out', at: AT })).rejects.toThrow(
      new OptChangeError('no customer nobody'),
    );
    await expect(
      changeCustomerOpt(database.db, { customerId: 'c-2', change: 'opt_out', channel: 'email', at: AT }),
    ).rejects.toThrow('customer c-2 has no email address');
    const rows = await database.db.selectFrom('consent_events').selectAll().execute();
    expect(rows).toEqual([]);
  });
});

describe('the development ingest secret', () => {
  const temp = makeTempDir('notify-dev-secret');
  afterAll(() => temp.remove());

  it('is generated once, owner-only, and read back by whoever asks later', () => {
    const dataDir = path.join(temp.dir, 'data');
    expect(readDevIngestSecret(dataDir)).toBeUndefined();
    const first = ensureDevIngestSecret(dataDir);
    expect(first).toEqual({
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      file: devIngestSecretPath(dataDir),
      created: true,
    });
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(ensureDevIngestSecret(dataDir)).toEqual({ ...first, created: false });
    expect(readDevIngestSecret(dataDir)).toBe(first.secret);
  });

  it('ignores a file too short to be a valid secret', () => {
    const dataDir = path.join(temp.dir, 'short');
    ensureDevIngestSecret(dataDir);
    writeFileSync(devIngestSecretPath(dataDir), 'short\n');
    expect(readDevIngestSecret(dataDir)).toBeUndefined();
  });
});

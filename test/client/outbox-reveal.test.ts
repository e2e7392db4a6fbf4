import { OutboxDirectory } from '../../channels/outbox';
import { databaseSourceOf } from '../../client/outbox/sources';
import { claimNotification } from '../../db/repositories/outbox';
import { signOperatorRequest } from '../../api/routes/operator/operator-signature';
import { deriveServiceKeys } from '../../security/keys';
import { type ApiFixture, INGEST_SECRET, openApiFixture } from '../api/helpers/api-fixture';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../db/helpers/backends';
import { claim } from '../db/helpers/rows';
import { makeTempDir } from '../db/helpers/temp-dir';
import { cliEnv, runCli } from './helpers/cli-process';

/**
 * `notify outbox` masks contacts from every source (the table, the files, the running service) and in both formats,
 * unless the operator asks with --reveal, which then says so on stderr (issue 13).
 */
const PHONE = '+12125550123';
const EMAIL = 'dana@example.com';
const REVEAL_LINE = "notify: contacts are shown in full (--reveal): customers' personal data, handle with care\n";

describe('notify outbox --reveal on the outbox files (the real CLI)', () => {
  const temp = makeTempDir('notify-outbox-reveal');
  beforeAll(async () => {
    const outbox = new OutboxDirectory(temp.dir, () => new Date('2026-03-05T08:00:00Z'));
    await outbox.writeOnce('sms', 'ticket:t-1/ticket.ack/1', 'p-1', { to: PHONE, body: 'Hi Dana' });
    await outbox.writeOnce('email', 'ticket:t-1/ticket.sla_holding/1', 'p-2', { to: EMAIL, subject: 'x' });
  });
  afterAll(() => temp.remove());

  const outbox = (...args: string[]) =>
    runCli(['outbox', '--source', 'files', ...args], cliEnv({ NOTIFY_DATA_DIR: temp.dir }));

  it.each([[[]], [['--json']]])(
    'masks contacts without --reveal (%j)',
    async (args) => {
      const listed = await outbox(...args);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      expect(listed.stdout).toContain('+12*****0123');
      expect(listed.stdout).toContain('d***@example.com');
      expect(listed.stdout).not.toContain(PHONE);
      expect(listed.stdout).not.toContain(EMAIL);
    },
    30_000,
  );

  it.each([[['--reveal']], [['--reveal', '--json']]])(
    'shows them in full with %j, and says so on stderr',
    async (args) => {
      const listed = await outbox(...args);
      expect(listed).toMatchObject({ code: 0, stderr: REVEAL_LINE });
      expect(listed.stdout).toContain(PHONE);
      expect(listed.stdout).toContain(EMAIL);
    },
    30_000,
  );
});

describe.each(BACKENDS)('notify outbox --reveal on the outbox table (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(backend);
    await database.clear();
    await claimNotification(database.db, claim({ idempotencyKey: 'order:o-1/shipment.stalled/1', address: PHONE }));
    await claimNotification(
      database.db,
      claim({ idempotencyKey: 'order:o-2/usage.guide/1', channel: 'email', address: EMAIL }),
    );
  });
  afterAll(() => database?.close());

  it('masks by default and reveals when asked', async () => {
    const to = async (contacts?: 'masked' | 'revealed') =>
      (await databaseSourceOf(database.db, backend, contacts ? { contacts } : {}).list({ limit: 10 })).map((e) => e.to);
    expect(await to()).toEqual(['+12*****0123', 'd***@example.com']);
    expect(await to('masked')).toEqual(['+12*****0123', 'd***@example.com']);
    expect(await to('revealed')).toEqual([PHONE, EMAIL]);
  });
});

describe('notify outbox --reveal through the running service (operator route)', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
    await claimNotification(fx.database.db, claim({ idempotencyKey: 'order:o-1/shipment.stalled/1', address: PHONE }));
  });
  afterAll(() => fx?.close());

  const list = (query: string) => {
    const url = `/v1/operator/outbox?limit=5${query}`;
    const signature = signOperatorRequest(
      deriveServiceKeys(INGEST_SECRET).operator,
      { method: 'GET', pathAndQuery: url, body: '' },
      Math.floor(fx.now.getTime() / 1000),
    );
    return fx.request({ method: 'GET', url, headers: { 'x-notify-signature': signature } });
  };

  it('masks unless the signed query says reveal=1', async () => {
    const masked = await list('');
    expect(masked.statusCode).toBe(200);
    expect(masked.json()).toEqual({ entries: [expect.objectContaining({ to: '+12*****0123' })] });
    expect(masked.body).not.toContain(PHONE);
    const revealed = await list('&reveal=1');
    expect(revealed.json()).toEqual({ entries: [expect.objectContaining({ to: PHONE })] });
    expect((await list('&reveal=yes')).statusCode).toBe(400);
  });
});

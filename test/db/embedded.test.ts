import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { connect, type DatabaseHandle } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { DataDirInUseError } from '../../db/pglite/data-dir-lock';
import { getIngestEvent, recordIngestEvent } from '../../db/repositories/event-log';
import { makeTempDir } from './helpers/temp-dir';
import { at } from './helpers/times';

/** Embedded PGlite on disk: where it lives, that it persists, and that two openers cannot share it. */
describe('embedded PGlite under a data directory', () => {
  const temp = makeTempDir('notify-db');
  const dataDir = path.join(temp.dir, 'not', 'yet', 'there');
  const open: DatabaseHandle[] = [];

  async function openAt(dir: string): Promise<DatabaseHandle> {
    const handle = await connect({ dataDir: dir });
    open.push(handle);
    return handle;
  }

  async function closeAll(): Promise<void> {
    for (const handle of open.splice(0)) await handle.close();
  }

  afterEach(closeAll);
  afterAll(() => temp.remove());

  it('creates the directory, keeps data across restarts, and refuses a second opener meanwhile', async () => {
    const first = await openAt(dataDir);
    expect(first.kind).toBe('pglite');
    expect(first.location).toBe(`pglite ${path.join(dataDir, 'pglite')}`);
    expect(existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    await migrateToLatest(first.db);
    await recordIngestEvent(first.db, {
      eventId: 'evt-1',
      type: 'order.placed',
      occurredAt: at(0),
      receivedAt: at(0),
      payload: { orderId: 'o-1' },
      source: 'cli',
    });

    const second = await connect({ dataDir }).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(DataDirInUseError);
    expect((second as Error).message).toMatch(new RegExp(`in use by process ${process.pid}`));

    await closeAll();
    const reopened = await openAt(dataDir);
    expect(await migrateToLatest(reopened.db)).toEqual({ applied: [] });
    expect(await getIngestEvent(reopened.db, 'evt-1')).toMatchObject({ payload: { orderId: 'o-1' } });
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    // A pid far above any kernel's pid_max: certainly not running.
    writeFileSync(`${path.join(dataDir, 'pglite')}.lock`, '2147483646\n');
    const handle = await openAt(dataDir);
    expect(await getIngestEvent(handle.db, 'evt-1')).toBeDefined();
  });
});

describe('connect', () => {
  it('says what is missing when no database is configured', async () => {
    await expect(connect({})).rejects.toThrow(/no database configured/);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(connect({ inMemory: true, schema: 'x; drop table y' })).rejects.toThrow(/invalid schema name/);
  });

  it('names the Postgres server it could not reach, without credentials', async () => {
    const err = await connect({ databaseUrl: 'postgres://admin:s3cret@127.0.0.1:1/notify' }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^cannot use postgres 127\.0\.0\.1:1\/notify: /);
    expect((err as Error).message).not.toMatch(/s3cret/);
  });
});

import { sql } from 'kysely';
import { recordIngestEvent } from '../../db/repositories/event-log';
import { claimNotification, getNotification } from '../../db/repositories/outbox';
import { upsertCustomer } from '../../db/repositories/customers';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { claim } from './helpers/rows';
import { at } from './helpers/times';

class Boom extends Error {}

/** What callers may assume about either backend: transactions, types, and concurrent use. */
describe.each(BACKENDS)('the %s backend', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  describe('transactions', () => {
    it('roll back every write when the work throws', async () => {
      const failure = t.db.transaction().execute(async (trx) => {
        await claimNotification(trx, claim());
        await recordIngestEvent(trx, {
          eventId: 'evt-1',
          type: 'shipment.scan',
          occurredAt: at(0),
          receivedAt: at(0),
          payload: {},
          source: 'api',
        });
        throw new Boom('provider exploded');
      });

      await expect(failure).rejects.toBeInstanceOf(Boom);
      expect(await getNotification(t.db, claim().idempotencyKey)).toBeUndefined();
      expect(await t.db.selectFrom('ingest_events').select('event_id').execute()).toEqual([]);
    });

    it('roll back when a statement fails, and leave the connection usable', async () => {
      await claimNotification(t.db, claim({ idempotencyKey: 'k/1' }));
      const failure = t.db.transaction().execute(async (trx) => {
        await claimNotification(trx, claim({ idempotencyKey: 'k/2' }));
        await sql`select 1 / 0`.execute(trx);
      });

      await expect(failure).rejects.toMatchObject({ code: '22012' });
      const keys = await t.db.selectFrom('notifications').select('idempotency_key').execute();
      expect(keys).toEqual([{ idempotency_key: 'k/1' }]);
    });

    it('commit when the work succeeds, and roll back to a savepoint inside one', async () => {
      const trx = await t.db.startTransaction().execute();
      await claimNotification(trx, claim({ idempotencyKey: 'k/kept' }));
      const savepoint = await trx.savepoint('before_optional').execute();
      await claimNotification(savepoint, claim({ idempotencyKey: 'k/undone' }));
      await savepoint.rollbackToSavepoint('before_optional').execute();
      await trx.commit().execute();

      const keys = await t.db.selectFrom('notifications').select('idempotency_key').execute();
      expect(keys).toEqual([{ idempotency_key: 'k/kept' }]);
    });

    it('keep concurrent transactions apart', async () => {
      // On PGlite this proves the driver serialises; on Postgres each runs on its own pooled connection.
      const work = [1, 2, 3, 4].map((n) =>
        t.db
          .transaction()
          .execute(async (trx) => {
            await claimNotification(trx, claim({ idempotencyKey: `k/${n}` }));
            await new Promise((resolve) => setImmediate(resolve));
            if (n % 2 === 0) throw new Boom(`transaction ${n} fails`);
          })
          .catch((err: unknown) => err),
      );
      const outcomes = await Promise.all(work);

      expect(outcomes.map((o) => o instanceof Boom)).toEqual([false, true, false, true]);
      const keys = await t.db
        .selectFrom('notifications')
        .select('idempotency_key')
        .orderBy('idempotency_key')
        .execute();
      expect(keys.map((k) => k.idempotency_key)).toEqual(['k/1', 'k/3']);
    });
  });

  describe('types', () => {
    it('return timestamptz as a Date with the same instant, whatever offset it was written with', async () => {
      const instant = new Date('2026-03-08T01:30:00.123Z');
      await upsertCustomer(t.db, {
        id: 'c-1',
        name: null,
        phone: null,
        email: null,
        locale: null,
        timezone: null,
        preferredChannel: null,
        at: instant,
      });
      await t.db
        .insertInto('customers')
        .values({
          id: 'c-2',
          name: null,
          phone: null,
          email: null,
          locale: null,
          timezone: null,
          preferred_channel: null,
          updated_at: '2026-03-08T09:30:00.123+08:00',
        })
        .execute();

      const rows = await t.db.selectFrom('customers').select(['id', 'updated_at']).orderBy('id').execute();
      for (const row of rows) {
        expect(row.updated_at).toBeInstanceOf(Date);
        expect(row.updated_at.toISOString()).toBe(instant.toISOString());
      }
    });

    it('run sessions in UTC, so SQL date arithmetic does not depend on the server’s zone', async () => {
      const { rows } = await sql<{ zone: string; day: Date }>`
        select current_setting('TimeZone') as zone,
               date_trunc('day', ${new Date('2026-03-08T23:30:00Z')}::timestamptz) as day`.execute(t.db);
      expect(rows[0]).toEqual({ zone: 'UTC', day: new Date('2026-03-08T00:00:00Z') });
    });

    it('return counts and bigint ids as numbers, numeric as a string, jsonb parsed', async () => {
      const { rows } = await sql<{ n: unknown; id: unknown; amount: unknown; doc: unknown }>`
        select count(*) as n, 9007199254740991::bigint as id, 12.50::numeric as amount,
               ${JSON.stringify([1, { a: 'b' }])}::jsonb as doc
        from generate_series(1, 3)`.execute(t.db);
      expect(rows[0]).toEqual({ n: 3, id: Number.MAX_SAFE_INTEGER, amount: '12.50', doc: [1, { a: 'b' }] });
    });

    it('refuse a bigint that does not fit a JS number instead of rounding it', async () => {
      await expect(sql`select 9007199254740993::bigint as id`.execute(t.db)).rejects.toThrow(/does not fit/);
      // The connection is still fine afterwards.
      const { rows } = await sql<{ one: number }>`select 1::bigint as one`.execute(t.db);
      expect(rows).toEqual([{ one: 1 }]);
    });

    it('report affected rows for updates and deletes', async () => {
      await claimNotification(t.db, claim({ idempotencyKey: 'k/1' }));
      await claimNotification(t.db, claim({ idempotencyKey: 'k/2' }));
      const updated = await t.db.updateTable('notifications').set({ locale: 'en' }).executeTakeFirst();
      const deleted = await t.db.deleteFrom('notifications').where('idempotency_key', '=', 'k/1').executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(2n);
      expect(deleted.numDeletedRows).toBe(1n);
    });
  });
});

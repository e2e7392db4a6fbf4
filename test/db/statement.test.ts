import { sql } from 'kysely';
import { connect } from '../../db/connect';
import { upsertCustomer } from '../../db/repositories/customers';
import { statementName } from '../../db/postgres/prepared-statements';
import { defineStatement, type Param } from '../../db/statement';
import { BACKENDS, newSchemaName, openTestDatabase, type TestDatabase } from './helpers/backends';
import { at } from './helpers/times';

interface ByLocale {
  readonly locale: string;
  readonly after: string;
}

const CUSTOMERS_BY_LOCALE = defineStatement('test_customers_by_locale', (db, param: Param<ByLocale>) =>
  db
    .selectFrom('customers')
    .select(['id', 'locale'])
    .where('locale', '=', param('locale'))
    .where('id', '>', param('after'))
    .where('preferred_channel', 'in', ['sms', 'email'])
    .orderBy('id')
    .limit(2),
);

describe.each(BACKENDS)('a compiled-once statement on %s', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    for (const [id, locale] of [
      ['c-1', 'en'],
      ['c-2', 'zh-CN'],
      ['c-3', 'en'],
      ['c-4', 'en'],
      ['c-5', 'en'],
    ] as const) {
      await upsertCustomer(t.db, {
        id,
        name: null,
        phone: null,
        email: `${id}@example.com`,
        locale,
        timezone: null,
        preferredChannel: 'email',
        at: at(0),
      });
    }
  });
  afterAll(() => t?.close());

  it('runs with each call’s own values in the places they were declared, constants kept', async () => {
    expect(await CUSTOMERS_BY_LOCALE.run(t.db, { locale: 'en', after: 'c-1' })).toEqual([
      { id: 'c-3', locale: 'en' },
      { id: 'c-4', locale: 'en' },
    ]);
    expect(await CUSTOMERS_BY_LOCALE.run(t.db, { locale: 'zh-CN', after: '' })).toEqual([
      { id: 'c-2', locale: 'zh-CN' },
    ]);
    expect(await CUSTOMERS_BY_LOCALE.run(t.db, { locale: 'en', after: 'c-4' })).toEqual([{ id: 'c-5', locale: 'en' }]);
  });

  it('runs inside a transaction like any other query', async () => {
    const rows = await t.db
      .transaction()
      .execute((trx) => CUSTOMERS_BY_LOCALE.run(trx, { locale: 'zh-CN', after: '' }));
    expect(rows).toEqual([{ id: 'c-2', locale: 'zh-CN' }]);
  });

  it('names itself in a leading comment, which the Postgres pool reads back', () => {
    expect(CUSTOMERS_BY_LOCALE.sql.startsWith('/* statement test_customers_by_locale */ select')).toBe(true);
    expect(statementName(CUSTOMERS_BY_LOCALE.sql)).toBe('test_customers_by_locale');
    expect(statementName('select 1')).toBeUndefined();
    expect(statementName('/* statement unterminated')).toBeUndefined();
  });
});

describe('defining a statement', () => {
  it('refuses a placeholder that kysely did not send as a parameter, which would run with the wrong value', () => {
    const inlined = defineStatement('test_inlined', (db, param: Param<{ order: string }>) =>
      db
        .selectFrom('customers')
        .select('id')
        .orderBy(sql.raw(param('order'))),
    );
    expect(() => inlined.sql).toThrow('statement test_inlined: order did not compile to parameters');
  });

  it('refuses names Postgres could truncate or that could not round-trip through the comment', () => {
    const build = (db: Parameters<Parameters<typeof defineStatement>[1]>[0]) => db.selectFrom('customers').select('id');
    expect(() => defineStatement('Has Space', build)).toThrow('invalid statement name');
    expect(() => defineStatement(`x${'y'.repeat(50)}`, build)).toThrow('invalid statement name');
    expect(() => defineStatement('ends */ here', build)).toThrow('invalid statement name');
  });
});

// Prepared statements are a Postgres-pool feature; PGlite runs the same SQL unnamed (covered above).
if (process.env.DATABASE_URL) describeNamedStatements();

function describeNamedStatements(): void {
  describe('named statements on Postgres', () => {
    const schema = newSchemaName();
    let handle: Awaited<ReturnType<typeof connect>>;

    beforeAll(async () => {
      // One connection, so the session asked about below is the one that ran the statement.
      handle = await connect({ databaseUrl: process.env.DATABASE_URL, schema, maxConnections: 1 });
      await sql`create table probe (id int primary key, label text)`.execute(handle.db);
      await sql`insert into probe values (1, 'one'), (2, 'two')`.execute(handle.db);
    });
    afterAll(async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
    });

    const prepared = async (): Promise<string[]> =>
      (await sql<{ name: string }>`select name from pg_prepared_statements order by name`.execute(handle.db)).rows.map(
        (row) => row.name,
      );

    it('prepares a marked statement once per connection and leaves other SQL unnamed', async () => {
      const LABEL = defineStatement('test_probe_label', (db, param: Param<{ id: number }>) =>
        // The probe table is not part of the app's schema: reach it through a raw reference.
        db.selectNoFrom((eb) => [
          eb
            .selectFrom(sql.table('probe').as('p'))
            .select(sql<string>`p.label`.as('label'))
            .where(sql.ref('p.id'), '=', param('id'))
            .as('label'),
        ]),
      );
      expect(await prepared()).toEqual([]);
      expect(await LABEL.run(handle.db, { id: 1 })).toEqual([{ label: 'one' }]);
      expect(await LABEL.run(handle.db, { id: 2 })).toEqual([{ label: 'two' }]);
      await sql`select label from probe where id = ${1}`.execute(handle.db);
      expect(await prepared()).toEqual(['test_probe_label']);
    });

    it('keeps working when a migration adds a column under a prepared statement that names its columns', async () => {
      const IDS = defineStatement('test_probe_ids', (db, param: Param<{ min: number }>) =>
        db
          .selectFrom(sql.table('probe').as('p'))
          .select(sql<number>`p.id`.as('id'))
          .where(sql.ref('p.id'), '>=', param('min')),
      );
      const STAR = defineStatement('test_probe_star', (db, param: Param<{ min: number }>) =>
        db
          .selectFrom(sql.table('probe').as('p'))
          .select(sql<unknown>`p.*`.as('row'))
          .where(sql.ref('p.id'), '>=', param('min')),
      );
      expect(await IDS.run(handle.db, { min: 2 })).toEqual([{ id: 2 }]);
      expect(await STAR.run(handle.db, { min: 2 })).toHaveLength(1);
      await sql`alter table probe add column added_later text`.execute(handle.db);
      expect(await IDS.run(handle.db, { min: 1 })).toEqual([{ id: 1 }, { id: 2 }]);
      // What naming the columns avoids: the same change breaks a prepared statement that selects `*`.
      await expect(STAR.run(handle.db, { min: 1 })).rejects.toThrow('cached plan must not change result type');
    });
  });
}

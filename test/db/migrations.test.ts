import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';
import { MigrationError, migrateToLatest } from '../../db/migrate';
import { MIGRATIONS } from '../../db/migrations';
import { NOTIFICATION_STATUS_RANK, NOTIFICATION_STATUSES } from '../../db/notification-status';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { at } from './helpers/times';

const TABLES = [
  'campaign_recipients',
  'campaigns',
  'consent_events',
  'customers',
  'delivery_events',
  'inbound_messages',
  'ingest_events',
  'notifications',
  'order_items',
  'orders',
  'service_actions',
  'shipment_progress',
  'shipments',
  'survey_responses',
  'tickets',
];

async function tablesIn(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

describe('the migration record', () => {
  it('lists every migration file, in timestamp order', () => {
    const dir = path.join(__dirname, '../../db/migrations');
    const files = readdirSync(dir)
      .filter((f) => /^\d{14}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(MIGRATIONS)).toEqual(files);
  });

  it('keeps migrations frozen: they import nothing but kysely', () => {
    const dir = path.join(__dirname, '../../db/migrations');
    for (const file of readdirSync(dir).filter((f) => /^\d{14}_/.test(f))) {
      const imports = [...readFileSync(path.join(dir, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect({ file, imports }).toEqual({ file, imports: ['kysely'] });
    }
  });
});

describe.each(BACKENDS)('migrations on %s', (backend) => {
  let fresh: TestDatabase;

  beforeAll(async () => {
    fresh = await openTestDatabase(backend, { migrate: false });
  });
  afterAll(() => fresh?.close());

  // One scenario on one fresh database: a failed run, the fixed run, a repeat, then a check of what they built.
  it('name a failing migration and keep nothing from its run', async () => {
    expect(await tablesIn(fresh.db)).toEqual([]);
    const broken = {
      '20990101000000_good': {
        up: async (db: Kysely<unknown>) => {
          await db.schema.createTable('good_table').addColumn('id', 'text').execute();
        },
      },
      '20990101000100_bad': {
        up: async (db: Kysely<unknown>) => {
          await sql`select * from table_that_does_not_exist`.execute(db);
        },
      },
    };

    const failure = await migrateToLatest(fresh.db, { migrations: broken }).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).migration).toBe('20990101000100_bad');
    expect((failure as MigrationError).message).toMatch(
      /migration 20990101000100_bad failed: relation "table_that_does_not_exist" does not exist/,
    );
    expect(await tablesIn(fresh.db)).toEqual([]);
  });

  it('then create every table, and do nothing when run again', async () => {
    const first = await migrateToLatest(fresh.db);
    expect(first.applied).toEqual(Object.keys(MIGRATIONS));
    expect(await tablesIn(fresh.db)).toEqual(TABLES);

    const second = await migrateToLatest(fresh.db);
    expect(second.applied).toEqual([]);
    expect(await tablesIn(fresh.db)).toEqual(TABLES);
  });

  it('derive status_rank in the database with the same ranks the repositories use', async () => {
    for (const status of NOTIFICATION_STATUSES) {
      await fresh.db
        .insertInto('notifications')
        .values({
          idempotency_key: `rank-check/${status}`,
          workflow_id: 'wf',
          purpose: 'shipment.stalled',
          customer_id: null,
          channel: 'sms',
          address: null,
          template: 'shipment.stalled',
          variant: null,
          locale: null,
          subject: null,
          body: null,
          message_class: 'transactional',
          status,
          refusal_reason: status === 'suppressed' ? 'opted_out' : null,
          claimed_at: at(0),
        })
        .execute();
    }
    const rows = await fresh.db.selectFrom('notifications').select(['status', 'status_rank']).execute();
    expect(Object.fromEntries(rows.map((r) => [r.status, r.status_rank]))).toEqual(NOTIFICATION_STATUS_RANK);
  });
});

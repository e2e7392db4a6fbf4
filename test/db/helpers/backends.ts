import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type DatabaseHandle, connect } from '../../../db/connect';
import type { Database } from '../../../db/database';
import { migrateToLatest } from '../../../db/migrate';

export type Backend = 'pglite' | 'postgres';

/** Every suite runs on embedded PGlite; on Postgres too when DATABASE_URL is set (CI has one). */
export const BACKENDS: readonly Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  readonly backend: Backend;
  readonly handle: DatabaseHandle;
  readonly db: Kysely<Database>;
  /** The Postgres schema this suite owns (other test files share the database); undefined on PGlite. */
  readonly schema: string | undefined;
  /** Empties every table, keeping the schema: tests start from nothing without re-migrating. */
  clear(): Promise<void>;
  /** Drops the suite's schema (Postgres) and closes the connection. */
  close(): Promise<void>;
}

/**
 * A fresh, isolated database for one test file: PGlite in memory, or a new schema `notify_test_<random>` on the
 * shared Postgres, dropped again by `close`.
 */
export async function openTestDatabase(backend: Backend, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const schema = backend === 'postgres' ? newSchemaName() : undefined;
  const handle = await connect(
    backend === 'postgres' ? { databaseUrl: process.env.DATABASE_URL, schema, maxConnections: 4 } : { inMemory: true },
  );
  const { db } = handle;
  try {
    if (options.migrate ?? true) await migrateToLatest(db);
  } catch (err) {
    await dropAndClose(handle, schema);
    throw err;
  }
  return {
    backend,
    handle,
    db,
    schema,
    clear: () => deleteAllRows(db),
    close: () => dropAndClose(handle, schema),
  };
}

export function newSchemaName(): string {
  return `notify_test_${randomBytes(6).toString('hex')}`;
}

async function deleteAllRows(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(db);
  // DELETE rather than TRUNCATE: on tables this small it is several times faster on Postgres (no file swaps).
  await db.transaction().execute(async (trx) => {
    for (const { name } of rows) await sql`delete from ${sql.id(name)}`.execute(trx);
  });
}

async function dropAndClose(handle: DatabaseHandle, schema: string | undefined): Promise<void> {
  try {
    if (schema !== undefined) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
  } finally {
    await handle.close();
  }
}

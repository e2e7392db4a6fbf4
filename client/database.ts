import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config';
import { connect } from '../db/connect';
import type { Database } from '../db/database';
import { migrateToLatest } from '../db/migrate';

/**
 * Opens the configured database for one command (migrated, so a fresh data directory works) and closes it after.
 * Embedded PGlite admits one process: while `notify start` holds it, opening fails with a message saying so.
 */
export async function withDatabase<T>(
  database: Config['database'],
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const handle = await connect({ databaseUrl: database.url, dataDir: path.resolve(database.dataDir) });
  try {
    await migrateToLatest(handle.db);
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

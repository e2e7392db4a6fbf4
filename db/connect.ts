import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './database';
import { PGliteDialect } from './pglite/dialect';
import { openPGlite } from './pglite/open';
import { createPool } from './postgres/pool';
import { preparingPool } from './postgres/prepared-statements';

export type DatabaseKind = 'postgres' | 'pglite';

/** Which database to use. The caller decides (from the frozen configuration); nothing here reads the environment. */
export interface ConnectOptions {
  /** Postgres connection string. When set, it wins. */
  readonly databaseUrl?: string;
  /** Embedded PGlite in memory (tests). Used when there is no `databaseUrl`. */
  readonly inMemory?: boolean;
  /** The application data directory; embedded PGlite lives in `<dataDir>/pglite`. Used when neither of the above. */
  readonly dataDir?: string;
  /** Put every table in this schema (created if missing) instead of the default one. Lower-case identifier. */
  readonly schema?: string;
  /** Postgres pool size (default 10). */
  readonly maxConnections?: number;
  /** Postgres: errors raised by idle pooled connections. */
  readonly onIdleError?: (err: Error) => void;
}

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** Where the data lives, without credentials: `postgres 127.0.0.1:5432/test`, `pglite /srv/.data/pglite`. */
  readonly location: string;
  /** Closes the pool or the embedded database, after queries in flight finish. */
  close(): Promise<void>;
}

/** Opens the database and checks it answers, so a wrong URL fails here with a clear message rather than later. */
export async function connect(options: ConnectOptions): Promise<DatabaseHandle> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(options.schema)}: use a lower-case SQL identifier`);
  }
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options);
  if (options.inMemory) return connectPGlite({ inMemory: true }, options.schema);
  if (options.dataDir) return connectPGlite({ dataDir: options.dataDir }, options.schema);
  throw new Error('no database configured: give a Postgres URL, a data directory for embedded PGlite, or inMemory');
}

async function connectPostgres(url: string, options: ConnectOptions): Promise<DatabaseHandle> {
  const location = `postgres ${describeUrl(url)}${options.schema ? ` schema ${options.schema}` : ''}`;
  const pool = createPool({
    connectionString: url,
    schema: options.schema,
    maxConnections: options.maxConnections,
    onIdleError: options.onIdleError,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  try {
    await prepareSchema(db, options.schema);
  } catch (err) {
    await db.destroy();
    throw new Error(`cannot use ${location}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { db, kind: 'postgres', location, close: () => db.destroy() };
}

async function connectPGlite(
  where: { inMemory: true } | { dataDir: string },
  schema: string | undefined,
): Promise<DatabaseHandle> {
  const opened = await openPGlite(where);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(opened.pglite) });
  const close = async (): Promise<void> => {
    try {
      await db.destroy();
    } finally {
      opened.release();
    }
  };
  try {
    // PGlite has exactly one session, so session settings made once hold for every query. Postgres pools apply
    // the same settings to each new connection (see createPool).
    await sql`set timezone to 'UTC'`.execute(db);
    await prepareSchema(db, schema);
    if (schema !== undefined) await sql`set search_path to ${sql.id(schema)}`.execute(db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, kind: 'pglite', location: `pglite ${opened.location}`, close };
}

/** Creates the schema when one is asked for; either way, proves the database answers. */
async function prepareSchema(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  if (schema === undefined) await sql`select 1`.execute(db);
  else await db.schema.createSchema(schema).ifNotExists().execute();
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

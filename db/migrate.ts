import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Database } from './database';
import { RecordedMigrationProvider } from './migration-provider';
import { MIGRATIONS } from './migrations';

export interface MigrationReport {
  /** Names of the migrations this call applied, in order; empty when the schema was already up to date. */
  readonly applied: readonly string[];
}

/** A migration run that failed. Postgres and PGlite run DDL in a transaction, so nothing from the run was kept. */
export class MigrationError extends Error {
  constructor(
    /** The migration that failed, when the failure was inside one (not, say, while taking the lock). */
    readonly migration: string | undefined,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migration === undefined
        ? `database migrations could not run: ${reason}`
        : `database migration ${migration} failed: ${reason} (the run was rolled back; no migration from it was applied)`,
    );
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  /** Defaults to the project's migrations; tests pass their own. */
  readonly migrations?: Readonly<Record<string, Migration>>;
}

/** Applies every pending migration. Running it again is a no-op. Throws MigrationError naming the failed migration. */
export async function migrateToLatest(db: Kysely<Database>, options: MigrateOptions = {}): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: new RecordedMigrationProvider(options.migrations ?? MIGRATIONS),
    // Kysely looks for its bookkeeping tables in every schema unless told which one; naming the connection's own
    // schema keeps two deployments (or two concurrent test runs) in one database from seeing each other's.
    migrationTableSchema: await currentSchema(db),
  });
  return reportOf(await migrator.migrateToLatest());
}

function reportOf({ error, results = [] }: MigrationResultSet): MigrationReport {
  if (error !== undefined) {
    throw new MigrationError(results.find((r) => r.status === 'Error')?.migrationName, error);
  }
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new MigrationError(undefined, new Error('no schema on the search_path exists'));
  return schema;
}

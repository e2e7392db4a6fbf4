import type { Command } from 'commander';
import { connect } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { configFor } from '../context';

/** Where to migrate: Postgres when a URL is given, else embedded PGlite under the data directory. */
export interface MigrateTarget {
  readonly databaseUrl?: string;
  readonly dataDir: string;
}

/**
 * Applies pending migrations and reports each one through `print`; returns their names. A failure throws the
 * MigrationError naming the migration, which the CLI turns into a message and exit code 1.
 */
export async function runMigrations(target: MigrateTarget, print: (line: string) => void): Promise<readonly string[]> {
  const handle = await connect({ databaseUrl: target.databaseUrl, dataDir: target.dataDir });
  try {
    print(`database: ${handle.location}`);
    const { applied } = await migrateToLatest(handle.db);
    if (applied.length === 0) {
      print('up to date: no migrations to apply');
    } else {
      for (const name of applied) print(`applied ${name}`);
      print(`${applied.length} migration${applied.length === 1 ? '' : 's'} applied`);
    }
    return applied;
  } finally {
    await handle.close();
  }
}

/** `notify migrate`. `targetOf` defaults to the loaded configuration; tests pass their own. */
export function register(program: Command, targetOf: (command: Command) => MigrateTarget = targetFromConfig): void {
  program
    .command('migrate')
    .description('apply pending database migrations (Postgres at DATABASE_URL, else embedded PGlite in the data dir)')
    .action(async (_options: unknown, command: Command) => {
      await runMigrations(targetOf(command), (line) => process.stdout.write(`${line}\n`));
    });
}

function targetFromConfig(command: Command): MigrateTarget {
  const { database } = configFor(command);
  return { databaseUrl: database.url, dataDir: database.dataDir };
}

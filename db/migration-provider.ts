import type { Migration, MigrationProvider } from 'kysely';

/**
 * Serves migrations from an explicit, ordered record instead of scanning a folder, so migrating works the same from
 * TypeScript sources, compiled output or a single-file bundle.
 */
export class RecordedMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Readonly<Record<string, Migration>>) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve({ ...this.migrations });
  }
}

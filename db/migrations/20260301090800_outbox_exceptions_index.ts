/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  // `/metrics` counts reconciled sends and duplicates on every scrape: the rare rows they are, not the whole outbox.
  await db.schema
    .createIndex('notifications_exceptions_idx')
    .on('notifications')
    .column('channel')
    .where(sql<boolean>`reconciled_at is not null or duplicate_count > 0`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notifications_exceptions_idx').execute();
}

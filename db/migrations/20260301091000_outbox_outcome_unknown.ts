/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import type { Kysely } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notifications')
    // An email whose attempt lost the relay's answer after the message may have been handed over: plain SMTP has no
    // lookup, so it is recorded as sent-but-unconfirmed (with `reconciled_at`, so the exceptions index covers it)
    // rather than resent.
    .addColumn('outcome_unknown_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('outcome_unknown_at').execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  // A provider said, for good, that this phone number or mailbox cannot be reached: later sends skip it until the
  // customer's contact changes, instead of retrying a dead number.
  await db.schema
    .alterTable('customers')
    .addColumn('phone_invalid_at', 'timestamptz')
    .addColumn('phone_invalid_reason', 'text')
    .addColumn('email_invalid_at', 'timestamptz')
    .addColumn('email_invalid_reason', 'text')
    .execute();

  await db.schema
    .alterTable('notifications')
    // The typed reason of a permanent failure (`invalid_number`, `mailbox_unavailable`, …), so a re-run of a failed
    // key fails with the same type as the first attempt did.
    .addColumn('failure_reason', 'text')
    // Which attempt may call the provider for a claimed row, and until when: two attempts never both send.
    .addColumn('attempt_token', 'text')
    .addColumn('attempt_expires_at', 'timestamptz')
    // Set when a claimed-but-unconfirmed send was found at the provider instead of being sent again.
    .addColumn('reconciled_at', 'timestamptz')
    // Extra copies the provider holds for this key: duplicates that slipped through, counted, never silent.
    .addColumn('duplicate_count', 'integer', (col) => col.notNull().defaultTo(0))
    // Parts of a multi-channel message already done (a staff alert's `email`), so a retry does not repeat them.
    .addColumn('completed_parts', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('notifications')
    .dropColumn('failure_reason')
    .dropColumn('attempt_token')
    .dropColumn('attempt_expires_at')
    .dropColumn('reconciled_at')
    .dropColumn('duplicate_count')
    .dropColumn('completed_parts')
    .execute();
  await db.schema
    .alterTable('customers')
    .dropColumn('phone_invalid_at')
    .dropColumn('phone_invalid_reason')
    .dropColumn('email_invalid_at')
    .dropColumn('email_invalid_reason')
    .execute();
}

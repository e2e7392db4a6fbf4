/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ingest_events')
    // Set once the event's effects (database writes, workflow signal) are done. A row without it was recorded by a
    // request that died before applying it: a re-post or the API's sweep applies it, instead of answering "duplicate".
    .addColumn('applied_at', 'timestamptz')
    // Optional fields dropped as unusable when the event was accepted ([{ field, reason }]), kept for staff.
    .addColumn('warnings', 'jsonb')
    .execute();
  // Rows from before this migration were applied (or forgotten on failure) by the request that recorded them.
  await sql`update ingest_events set applied_at = received_at`.execute(db);
  // The sweep looks for the rare unapplied rows, not the whole log.
  await db.schema
    .createIndex('ingest_events_unapplied_idx')
    .on('ingest_events')
    .column('received_at')
    .where(sql.ref('applied_at'), 'is', null)
    .execute();

  // The inbound message whose keyword made an opt-out or opt-in: a webhook retried after a failure can tell that its
  // own first attempt already recorded the change (and still owes the confirmation) from an earlier STOP.
  await db.schema.alterTable('consent_events').addColumn('inbound_message_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consent_events').dropColumn('inbound_message_id').execute();
  await db.schema.dropIndex('ingest_events_unapplied_idx').execute();
  await db.schema.alterTable('ingest_events').dropColumn('applied_at').dropColumn('warnings').execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import type { Kysely } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('campaign_recipients')
    // The order that put the customer in the audience: the copy names its product.
    .addColumn('order_id', 'text')
    // The earliest instant the message may go: the campaign's start, moved into the recipient's local send window.
    .addColumn('not_before', 'timestamptz')
    .execute();
  // The campaign's next batch: pending recipients whose window is open, earliest first.
  await db.schema
    .createIndex('campaign_recipients_due_idx')
    .on('campaign_recipients')
    .columns(['campaign_id', 'status', 'not_before', 'customer_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('campaign_recipients_due_idx').execute();
  await db.schema.alterTable('campaign_recipients').dropColumn('order_id').dropColumn('not_before').execute();
}

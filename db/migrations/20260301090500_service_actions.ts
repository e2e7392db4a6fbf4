/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_actions')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('action', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text')
    .addColumn('shipment_id', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('detail', 'text')
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('service_actions_order_idx')
    .on('service_actions')
    .columns(['order_id', 'at'])
    .where(sql.ref('order_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_actions').execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ingest_events')
    .addColumn('event_id', 'text', (col) => col.primaryKey())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('order_id', 'text')
    .addColumn('shipment_id', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .execute();
  for (const key of ['order_id', 'ticket_id', 'customer_id']) {
    await db.schema
      .createIndex(`ingest_events_${key}_idx`)
      .on('ingest_events')
      .columns([key, 'occurred_at'])
      .where(sql.ref(key), 'is not', null)
      .execute();
  }

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('order_id', 'text')
    .addColumn('priority', 'text', (col) => col.notNull().check(sql`priority in ('urgent', 'high', 'normal', 'low')`))
    .addColumn('channel', 'text')
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'resolved')`),
    )
    .addColumn('opened_at', 'timestamptz', (col) => col.notNull())
    .addColumn('first_response_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolution', 'text', (col) =>
      col.check(sql`resolution in ('refund', 'reship', 'repair', 'coupon', 'info', 'other')`),
    )
    .addColumn('reship_shipment_id', 'text')
    .addColumn('reopened_at', 'timestamptz')
    .addColumn('reopen_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // "Is a ticket about this order open?" (usage guide relevance, stall notices on hold).
  await db.schema.createIndex('tickets_order_status_idx').on('tickets').columns(['order_id', 'status']).execute();
  await db.schema.createIndex('tickets_customer_idx').on('tickets').column('customer_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tickets').execute();
  await db.schema.dropTable('ingest_events').execute();
}

/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('template', 'text', (col) => col.notNull())
    .addColumn('message_class', 'text', (col) => col.notNull())
    .addColumn('channel', 'text')
    .addColumn('definition', 'jsonb', (col) => col.notNull())
    .addColumn('dry_run', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'running', 'paused', 'cancelled', 'completed')`),
    )
    .addColumn('starts_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('campaign_recipients')
    .addColumn('campaign_id', 'text', (col) => col.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('variant', 'text')
    .addColumn('holdout', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sent', 'skipped', 'failed')`),
    )
    .addColumn('reason', 'text')
    .addColumn('notification_key', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('campaign_recipients_pkey', ['campaign_id', 'customer_id'])
    .execute();
  await db.schema
    .createIndex('campaign_recipients_status_idx')
    .on('campaign_recipients')
    .columns(['campaign_id', 'status'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('prompt_key', 'text', (col) => col.primaryKey())
    .addColumn('ticket_id', 'text')
    .addColumn('order_id', 'text')
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('score', 'smallint', (col) => col.notNull().check(sql`score between 1 and 5`))
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('inbound_message_id', 'bigint')
    .addColumn('responded_at', 'timestamptz', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('survey_responses_subject', sql`ticket_id is not null or order_id is not null`)
    .execute();
  await db.schema.createIndex('survey_responses_ticket_idx').on('survey_responses').column('ticket_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('survey_responses').execute();
  await db.schema.dropTable('campaign_recipients').execute();
  await db.schema.dropTable('campaigns').execute();
}

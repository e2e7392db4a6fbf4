/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('idempotency_key', 'text', (col) => col.primaryKey())
    .addColumn('workflow_id', 'text', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('address', 'text')
    .addColumn('template', 'text', (col) => col.notNull())
    .addColumn('variant', 'text')
    .addColumn('locale', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('message_class', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .check(sql`status in ('claimed', 'queued', 'sent', 'delivered', 'failed', 'undelivered', 'suppressed')`),
    )
    // Monotonic folding compares ranks; deriving the rank in the database means no writer can get it wrong.
    .addColumn('status_rank', 'smallint', (col) =>
      col
        .notNull()
        .generatedAlwaysAs(sql`case status when 'claimed' then 0 when 'queued' then 1 when 'sent' then 2 else 3 end`)
        .stored(),
    )
    .addColumn('refusal_reason', 'text')
    .addColumn('provider', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('reply_expires_at', 'timestamptz')
    .addColumn('claimed_at', 'timestamptz', (col) => col.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // "Why was this not sent?" must always have an answer.
    .addCheckConstraint(
      'notifications_suppressed_has_reason',
      sql`status <> 'suppressed' or refusal_reason is not null`,
    )
    .execute();
  await db.schema
    .createIndex('notifications_provider_message_id_key')
    .on('notifications')
    .column('provider_message_id')
    .unique()
    .where(sql.ref('provider_message_id'), 'is not', null)
    .execute();
  // Frequency caps: messages per customer and class since an instant.
  await db.schema
    .createIndex('notifications_customer_class_time_idx')
    .on('notifications')
    .columns(['customer_id', 'message_class', 'claimed_at'])
    .execute();
  await db.schema.createIndex('notifications_workflow_idx').on('notifications').column('workflow_id').execute();
  // Reply routing: the latest unexpired prompt sent to a phone number.
  await db.schema
    .createIndex('notifications_open_prompt_idx')
    .on('notifications')
    .columns(['address', 'reply_expires_at'])
    .where(sql.ref('reply_expires_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('delivery_events')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('provider_message_id', 'text', (col) => col.notNull())
    .addColumn('notification_key', 'text')
    // Normalised to the outbox's vocabulary by the channel adapter; the provider's own word stays in the payload.
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('queued', 'sent', 'delivered', 'failed', 'undelivered')`),
    )
    .addColumn('error_code', 'text')
    .addColumn('payload', 'jsonb')
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('delivery_events_dedupe_key', ['provider', 'provider_message_id', 'status'])
    .execute();

  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('provider', 'text', (col) => col.notNull())
    .addColumn('provider_message_id', 'text')
    .addColumn('from_address', 'text', (col) => col.notNull())
    .addColumn('to_address', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('matched_notification_key', 'text')
    .addColumn('matched_workflow_id', 'text')
    .addColumn('handled_as', 'text', (col) =>
      col.check(sql`handled_as in ('reply', 'opt_out', 'opt_in', 'help', 'unmatched')`),
    )
    .addColumn('handled_at', 'timestamptz')
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('inbound_messages_provider_message_key', ['provider', 'provider_message_id'])
    .execute();
  await db.schema
    .createIndex('inbound_messages_from_time_idx')
    .on('inbound_messages')
    .columns(['from_address', 'received_at desc'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inbound_messages').execute();
  await db.schema.dropTable('delivery_events').execute();
  await db.schema.dropTable('notifications').execute();
}

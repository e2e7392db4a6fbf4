/* eslint-disable @typescript-eslint/no-explicit-any -- frozen migrations are typed against Kysely<any>, never the app's schema */
import { type Kysely, sql } from 'kysely';

// Frozen: this file describes the schema as it was on this date. Change the schema with a new migration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('locale', 'text')
    .addColumn('timezone', 'text')
    .addColumn('preferred_channel', 'text', (col) => col.check(sql`preferred_channel in ('sms', 'email')`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('customers_phone_idx').on('customers').column('phone').execute();
  await db.schema.createIndex('customers_email_idx').on('customers').column('email').execute();

  await db.schema
    .createTable('consent_events')
    .addColumn('id', 'bigint', (col) => col.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('customer_id', 'text')
    .addColumn('address', 'text')
    .addColumn('channel', 'text', (col) => col.check(sql`channel in ('sms', 'email')`))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('opt_out', 'opt_in', 'consent_granted', 'consent_revoked')`),
    )
    .addColumn('purpose_class', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('keyword', 'text')
    .addColumn('at', 'timestamptz', (col) => col.notNull())
    .addColumn('recorded_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // An opt-out belongs to an address on a channel; a consent belongs to a customer and a purpose class.
    .addCheckConstraint(
      'consent_events_opt_has_address',
      sql`kind not in ('opt_out', 'opt_in') or (address is not null and channel is not null)`,
    )
    .addCheckConstraint(
      'consent_events_consent_has_customer',
      sql`kind not in ('consent_granted', 'consent_revoked') or (customer_id is not null and purpose_class is not null)`,
    )
    .execute();
  // "Is this phone opted out of SMS now?" reads the newest row of one (channel, address) from this index.
  await db.schema
    .createIndex('consent_events_address_idx')
    .on('consent_events')
    .columns(['channel', 'address', 'at desc', 'id desc'])
    .where(sql.ref('address'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('consent_events_customer_idx')
    .on('consent_events')
    .columns(['customer_id', 'purpose_class', 'at desc', 'id desc'])
    .where(sql.ref('customer_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('consent_events').execute();
  await db.schema.dropTable('customers').execute();
}

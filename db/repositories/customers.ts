import { sql } from 'kysely';
import type { DbOrTransaction } from '../database';
import type { ContactChannel, CustomerRow } from '../tables/customers';
import { normalizeEmail } from './addresses';

export interface CustomerUpsert {
  readonly id: string;
  readonly name: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly locale: string | null;
  readonly timezone: string | null;
  readonly preferredChannel: ContactChannel | null;
  /**
   * Contacts the sender gave but that were unusable and dropped (`customer.upserted` warnings): the stored value is
   * kept rather than cleared, since the sender meant to set one, not to remove it. Leaving a field out clears it.
   */
  readonly keepStored?: readonly ('phone' | 'email' | 'timezone')[];
  /** When the change happened (the event's `occurredAt`). */
  readonly at: Date;
}

/**
 * Creates or replaces a customer's contact details. A change older than the stored one is ignored, so a late
 * `customer.upserted` cannot bring back an old phone number. Returns the row as stored.
 */
export async function upsertCustomer(db: DbOrTransaction, input: CustomerUpsert): Promise<CustomerRow> {
  const written = await db
    .insertInto('customers')
    .values({
      id: input.id,
      name: input.name,
      phone: input.phone,
      email: input.email === null ? null : normalizeEmail(input.email),
      locale: input.locale,
      timezone: input.timezone,
      preferred_channel: input.preferredChannel,
      created_at: input.at,
      updated_at: input.at,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => {
          const keep = (field: 'phone' | 'email' | 'timezone') => input.keepStored?.includes(field) === true;
          return {
            name: eb.ref('excluded.name'),
            phone: keep('phone') ? eb.ref('customers.phone') : eb.ref('excluded.phone'),
            email: keep('email') ? eb.ref('customers.email') : eb.ref('excluded.email'),
            locale: eb.ref('excluded.locale'),
            timezone: keep('timezone') ? eb.ref('customers.timezone') : eb.ref('excluded.timezone'),
            preferred_channel: eb.ref('excluded.preferred_channel'),
            updated_at: eb.ref('excluded.updated_at'),
            // A new number or address is worth trying again; an unchanged (or kept) one stays marked.
            phone_invalid_at: keep('phone')
              ? eb.ref('customers.phone_invalid_at')
              : keptUnlessChanged<Date>('phone', 'phone_invalid_at'),
            phone_invalid_reason: keep('phone')
              ? eb.ref('customers.phone_invalid_reason')
              : keptUnlessChanged<string>('phone', 'phone_invalid_reason'),
            email_invalid_at: keep('email')
              ? eb.ref('customers.email_invalid_at')
              : keptUnlessChanged<Date>('email', 'email_invalid_at'),
            email_invalid_reason: keep('email')
              ? eb.ref('customers.email_invalid_reason')
              : keptUnlessChanged<string>('email', 'email_invalid_reason'),
          };
        })
        .where('customers.updated_at', '<=', (eb) => eb.ref('excluded.updated_at')),
    )
    .returningAll()
    .executeTakeFirst();
  return written ?? (await db.selectFrom('customers').selectAll().where('id', '=', input.id).executeTakeFirstOrThrow());
}

/** The stored marker while the contact stays the same; null once an upsert changes it. */
function keptUnlessChanged<T>(contact: 'phone' | 'email', marker: string) {
  return sql<T | null>`case when ${sql.ref(`customers.${contact}`)} is not distinct from ${sql.ref(`excluded.${contact}`)} then ${sql.ref(`customers.${marker}`)} end`;
}

export function getCustomer(db: DbOrTransaction, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The customer a phone number belongs to (the most recently updated, should two share it). */
export function findCustomerByPhone(db: DbOrTransaction, phone: string): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('phone', '=', phone.trim())
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findCustomerByEmail(db: DbOrTransaction, email: string): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('email', '=', normalizeEmail(email))
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

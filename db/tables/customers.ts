import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp } from './columns';

export type ContactChannel = 'sms' | 'email';

/** Who we may speak to, and how. `updated_at` is the time of the event that last changed the row (not wall time). */
export interface CustomersTable {
  id: string;
  name: string | null;
  /** E.164. */
  phone: string | null;
  /** Lower-cased. */
  email: string | null;
  locale: string | null;
  /** IANA zone; null or invalid falls back to the store default in the domain layer. */
  timezone: string | null;
  preferred_channel: ContactChannel | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

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
  /**
   * Set when a provider said for good that the phone cannot take messages (Twilio 21211, 21614, 30005, 30006, …):
   * the notify activity then treats the phone as unusable. Cleared when the customer's phone changes.
   */
  phone_invalid_at: Timestamp | null;
  /** The typed channel reason (`invalid_number`, `unreachable`). */
  phone_invalid_reason: string | null;
  /** As above for hard email bounces (SMTP 5xx: mailbox unknown, address rejected). */
  email_invalid_at: Timestamp | null;
  email_invalid_reason: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;

import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

export type ConsentKind = 'opt_out' | 'opt_in' | 'consent_granted' | 'consent_revoked';

/**
 * Where a consent or opt-out change came from. `provider`: the SMS provider refused a send because the recipient
 * opted out with it (Twilio 21610, a STOP sent to Twilio's own handling), which we mirror in our ledger.
 * `unsubscribe_link`: the recipient used the List-Unsubscribe link of a marketing email (GET page or RFC 8058 POST).
 */
export type ConsentSource = 'sms_keyword' | 'api' | 'cli' | 'provider' | 'unsubscribe_link';

/**
 * The append-only consent and opt-out ledger; the current state is the latest row (by `at`, then `id`).
 * Opt-out and opt-in rows belong to an address (a phone number on SMS, an email address on email): STOP from a
 * number blocks that number whoever it belongs to. Consent rows belong to a customer and a purpose class.
 */
export interface ConsentEventsTable {
  id: Generated<number>;
  customer_id: string | null;
  /** E.164 phone or lower-cased email; required for opt_out/opt_in. */
  address: string | null;
  /** Required for opt_out/opt_in; null on a consent row means every channel. */
  channel: 'sms' | 'email' | null;
  kind: ConsentKind;
  /** Consent rows: the message class consented to (e.g. `marketing`). Null on opt-out rows: they cover every class. */
  purpose_class: string | null;
  source: ConsentSource;
  /** The keyword as received (`STOP`, `退订`), for SMS keyword changes. */
  keyword: string | null;
  /** The inbound message (`inbound_messages.id`) whose keyword made this opt-out or opt-in. */
  inbound_message_id: number | null;
  at: Timestamp;
  recorded_at: DefaultedTimestamp;
}

export type ConsentEventRow = Selectable<ConsentEventsTable>;
export type NewConsentEvent = Insertable<ConsentEventsTable>;
export type ConsentEventUpdate = Updateable<ConsentEventsTable>;

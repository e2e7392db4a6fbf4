import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';
import type { NotificationStatus } from '../notification-status';

/**
 * The outbox: one row per message the service decided about, keyed by the workflow's idempotency key
 * (`<workflowId>/<purpose>/<n>`). A row is claimed before the provider is called, so a retried activity finds it.
 *
 * `address` holds the full phone number or email address the message went to: the database is where contact details
 * are meant to live (architecture.md 5), and reconciling or answering "where did this go?" needs the real value.
 * Logs and workflow histories must mask it; the database does not.
 */
export interface NotificationsTable {
  idempotency_key: string;
  workflow_id: string;
  purpose: string;
  /** Null for staff alerts. */
  customer_id: string | null;
  /** `sms`, `email`, or a staff-alert channel. */
  channel: string;
  address: string | null;
  template: string;
  variant: string | null;
  locale: string | null;
  subject: string | null;
  body: string | null;
  message_class: string;
  status: NotificationStatus;
  /** Derived from `status` by the database (see notification-status.ts); updates only ever raise it. */
  status_rank: GeneratedAlways<number>;
  /** Why a message was not sent (`opted_out`, `capped`, `no_consent`, `not_relevant`, …); set with `suppressed`. */
  refusal_reason: string | null;
  provider: string | null;
  /** Unique when present: one provider message is one notification. */
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  /** The typed reason of a permanent failure (`invalid_number`, …): a re-run of the key fails with the same type. */
  failure_reason: string | null;
  /**
   * The attempt that may call the provider for a claimed row, and until when. Another attempt takes the row over
   * only once that lease has run out (its owner died), so two attempts never both send.
   */
  attempt_token: string | null;
  attempt_expires_at: Timestamp | null;
  /** When a claimed-but-unconfirmed send was found at the provider rather than sent again. */
  reconciled_at: Timestamp | null;
  /**
   * An email whose attempt lost the relay's answer after the message may have been handed over: recorded `sent` with
   * this set (and `reconciled_at`) instead of being resent, since plain SMTP has no lookup. Counted on `/metrics`.
   */
  outcome_unknown_at: Timestamp | null;
  /** Extra copies the provider holds for this key: duplicates that slipped through, counted rather than silent. */
  duplicate_count: Generated<number>;
  /** Parts of a multi-channel message already done (a staff alert's `email`), so a retry does not repeat them. */
  completed_parts: ColumnType<string[], string[] | undefined, string[]>;
  /** For prompts with reply options: replies from `address` until then are routed to `workflow_id`. */
  reply_expires_at: Timestamp | null;
  claimed_at: Timestamp;
  sent_at: Timestamp | null;
  delivered_at: Timestamp | null;
  failed_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
}

export type NotificationRow = Selectable<NotificationsTable>;
export type NewNotification = Insertable<NotificationsTable>;
export type NotificationUpdate = Updateable<NotificationsTable>;

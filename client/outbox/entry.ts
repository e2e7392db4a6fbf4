import { maskAddress } from '../../api/observability/mask';
import type { OutboxRecord } from '../../channels/outbox';
import type { NotificationRow } from '../../db/tables/notifications';

/**
 * How contacts are shown: masked (`+86******1234`, `z***@example.com`) unless an operator asks for them in full with
 * `notify outbox --reveal`.
 */
export type ContactView = 'masked' | 'revealed';

/** One message as `notify outbox` shows it, whichever source it came from. Contacts are masked here, once. */
export interface OutboxEntry {
  /** ISO-8601: when the message was claimed (database) or written (outbox file). */
  readonly at: string;
  readonly key: string;
  readonly purpose: string | null;
  readonly channel: string;
  /** Phone or email, masked unless revealed; null for staff webhooks and refusals before a contact was chosen. */
  readonly to: string | null;
  readonly status: string;
  /** Null when the source does not record it (outbox files) or for staff alerts. */
  readonly customerId: string | null;
  /** Why it was not sent (`opted_out`, `capped`, …), or the provider's error code. */
  readonly reason: string | null;
  readonly template: string | null;
  readonly variant: string | null;
  /** The outbox file holding the full message (file source only), to open it. */
  readonly file?: string;
}

export function entryFromRow(row: NotificationRow, contacts: ContactView = 'masked'): OutboxEntry {
  return {
    at: row.claimed_at.toISOString(),
    key: row.idempotency_key,
    purpose: row.purpose,
    channel: row.channel,
    to: row.address ? shown(row.address, contacts) : null,
    status: row.status,
    customerId: row.customer_id,
    reason: row.refusal_reason ?? row.error_code,
    template: row.template,
    variant: row.variant,
  };
}

export function entryFromRecord(
  record: OutboxRecord,
  directory: string,
  contacts: ContactView = 'masked',
): OutboxEntry {
  const to = (record.message as { to?: unknown } | null)?.to;
  return {
    at: record.createdAt,
    key: record.idempotencyKey,
    purpose: purposeOfKey(record.idempotencyKey),
    channel: record.channel,
    to: typeof to === 'string' ? shown(to, contacts) : null,
    // The file sink accepts everything it is given: written is sent, as far as development goes.
    status: 'sent',
    customerId: null,
    reason: null,
    template: null,
    variant: null,
    file: `${directory}/${record.file}`,
  };
}

/** Keys are `<workflowId>/<purpose>/<n>` (architecture.md 5); workflow ids contain no slash. */
export function purposeOfKey(key: string): string | null {
  const parts = key.split('/');
  return parts.length >= 3 ? (parts[1] ?? null) : null;
}

function shown(address: string, contacts: ContactView): string {
  return contacts === 'revealed' ? address : maskAddress(address);
}

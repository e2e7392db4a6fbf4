import type { DbOrTransaction } from '../database';
import { normalizeAddress } from './addresses';
import { COUNTED_STATUSES } from './outbox';

/**
 * The notify activity's checks (opt-out, consent, frequency caps), asked for a whole page or batch of recipients in
 * one query each instead of one per recipient. Same rules as `isOptedOut`, `hasConsent` and
 * `countRecentNotifications`: the latest row decides; no record means not opted out and not consented.
 */

/** The addresses (normalised) among `addresses` whose latest opt-out/opt-in on `channel` is an opt-out. */
export async function optedOutAddresses(
  db: DbOrTransaction,
  channel: 'sms' | 'email',
  addresses: readonly string[],
): Promise<Set<string>> {
  const normalised = [...new Set(addresses.map((a) => normalizeAddress(channel, a)))];
  if (normalised.length === 0) return new Set();
  const rows = await db
    .selectFrom('consent_events')
    .select(['address', 'kind'])
    .distinctOn('address')
    .where('channel', '=', channel)
    .where('address', 'in', normalised)
    .where('kind', 'in', ['opt_out', 'opt_in'])
    .orderBy('address')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Set(rows.filter((r) => r.kind === 'opt_out').map((r) => r.address ?? ''));
}

export interface ChannelConsent {
  readonly sms: boolean;
  readonly email: boolean;
}

/**
 * Per customer, whether they consented to `purposeClass` on each channel: the latest grant or revocation that
 * covers the channel (a row without a channel covers both).
 */
export async function consentByCustomer(
  db: DbOrTransaction,
  customerIds: readonly string[],
  purposeClass: string,
): Promise<Map<string, ChannelConsent>> {
  const result = new Map<string, ChannelConsent>();
  if (customerIds.length === 0) return result;
  const rows = await db
    .selectFrom('consent_events')
    .select(['customer_id', 'channel', 'kind'])
    .where('customer_id', 'in', [...new Set(customerIds)])
    .where('purpose_class', '=', purposeClass)
    .where('kind', 'in', ['consent_granted', 'consent_revoked'])
    .orderBy('customer_id')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const decided = new Map<string, { sms?: boolean; email?: boolean }>();
  for (const row of rows) {
    const id = row.customer_id ?? '';
    const seen = decided.get(id) ?? {};
    const granted = row.kind === 'consent_granted';
    // Newest first: the first row covering a channel decides it.
    if (seen.sms === undefined && (row.channel === null || row.channel === 'sms')) seen.sms = granted;
    if (seen.email === undefined && (row.channel === null || row.channel === 'email')) seen.email = granted;
    decided.set(id, seen);
  }
  for (const [id, seen] of decided) result.set(id, { sms: seen.sms ?? false, email: seen.email ?? false });
  return result;
}

/** Messages of `messageClass` each customer was sent (or is being sent) since `since`, for the frequency cap. */
export async function recentCountsByCustomer(
  db: DbOrTransaction,
  customerIds: readonly string[],
  messageClass: string,
  since: Date,
): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('notifications')
    .select((eb) => ['customer_id', eb.fn.countAll<number>().as('count')])
    .where('customer_id', 'in', [...new Set(customerIds)])
    .where('message_class', '=', messageClass)
    .where('claimed_at', '>=', since)
    .where('status', 'in', COUNTED_STATUSES)
    .groupBy('customer_id')
    .execute();
  return new Map(rows.map((r) => [r.customer_id ?? '', Number(r.count)]));
}

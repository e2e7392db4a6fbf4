import type { DbOrTransaction } from '../../db/database';
import { getCustomer } from '../../db/repositories/customers';
import { getNotification } from '../../db/repositories/outbox';
import type { KeyRing } from '../../security/keys';
import { verifyUnsubscribeToken } from '../../security/unsubscribe-token';

export interface MarketingMail {
  readonly customerId: string;
  /** The address the mail went to: the one to opt out (a later change of address is not opted out). */
  readonly address: string;
  readonly locale: string | null;
}

export type OpenedMail =
  | { readonly status: 'open'; readonly mail: MarketingMail }
  | { readonly status: 'expired'; readonly locale: string | null }
  | { readonly status: 'invalid'; readonly locale: null };

/**
 * What an unsubscribe link points at, read-only: the outbox row of the marketing mail that carried it, whose customer
 * and address are the ones to opt out. The token names only the row, so no address ever travels in a URL. An expired
 * link still names its mail, so the page that says so can be in the customer's language.
 */
export async function openMarketingMail(
  deps: { readonly db: DbOrTransaction; readonly keys: KeyRing },
  token: string,
  now: Date,
): Promise<OpenedMail> {
  const verdict = verifyUnsubscribeToken(deps.keys, token, now.getTime());
  if (!verdict.ok && verdict.reason !== 'expired') return { status: 'invalid', locale: null };
  const row = await getNotification(deps.db, verdict.claims.notificationKey);
  if (!row || row.channel !== 'email' || !row.address || !row.customer_id) return { status: 'invalid', locale: null };
  const customer = await getCustomer(deps.db, row.customer_id);
  const locale = customer?.locale ?? row.locale;
  if (!verdict.ok) return { status: 'expired', locale };
  return { status: 'open', mail: { customerId: row.customer_id, address: row.address, locale } };
}

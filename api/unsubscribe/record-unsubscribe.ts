import type { DbOrTransaction } from '../../db/database';
import { isOptedOut, recordOptOut } from '../../db/repositories/consent';
import { inTransaction } from '../../db/repositories/in-transaction';
import { verifyUnsubscribeToken } from '../../security/unsubscribe-token';
import type { KeyRing } from '../../security/keys';

export type UnsubscribeOutcome =
  | { readonly status: 'recorded' | 'already_recorded' | 'to_confirm'; readonly locale: string | null }
  | { readonly status: 'invalid'; readonly locale: null };

/**
 * One use of a marketing email's unsubscribe link: the address in the signed token is opted out of email once, with
 * source `unsubscribe_link`. Mail clients and link scanners open such links repeatedly and at the same time, so the
 * check and the write run under a lock on the customer's row: the ledger gets one entry however often it is hit.
 * A token that does not verify records nothing.
 */
export async function recordUnsubscribe(
  deps: { readonly db: DbOrTransaction; readonly keys: KeyRing },
  token: string,
  at: Date,
): Promise<UnsubscribeOutcome> {
  const verdict = verifyUnsubscribeToken(deps.keys, token);
  if (!verdict.ok) return { status: 'invalid', locale: null };
  const { customerId, email } = verdict.claims;
  return inTransaction(deps.db, async (trx) => {
    const customer = await trx
      .selectFrom('customers')
      .select('locale')
      .where('id', '=', customerId)
      .forUpdate()
      .executeTakeFirst();
    const locale = customer?.locale ?? null;
    if (await isOptedOut(trx, { channel: 'email', address: email })) return { status: 'already_recorded', locale };
    await recordOptOut(trx, { channel: 'email', address: email, customerId, source: 'unsubscribe_link', at });
    return { status: 'recorded', locale };
  });
}

/**
 * What `GET` on the link answers: whether the token verifies and the customer's locale, changing nothing. Link
 * scanners and mail previews fetch every URL in a message, so only the `POST` (the page's button, or the mail
 * client's one-click) records (RFC 8058 section 3.2).
 */
export async function checkUnsubscribe(
  deps: { readonly db: DbOrTransaction; readonly keys: KeyRing },
  token: string,
): Promise<UnsubscribeOutcome> {
  const verdict = verifyUnsubscribeToken(deps.keys, token);
  if (!verdict.ok) return { status: 'invalid', locale: null };
  const customer = await deps.db
    .selectFrom('customers')
    .select('locale')
    .where('id', '=', verdict.claims.customerId)
    .executeTakeFirst();
  const locale = customer?.locale ?? null;
  const optedOut = await isOptedOut(deps.db, { channel: 'email', address: verdict.claims.email });
  return { status: optedOut ? 'already_recorded' : 'to_confirm', locale };
}

import type { DbOrTransaction } from '../../db/database';
import { isOptedOut, recordOptOut } from '../../db/repositories/consent';
import { inTransaction } from '../../db/repositories/in-transaction';
import type { KeyRing } from '../../security/keys';
import { openMarketingMail } from './open-marketing-mail';

export type UnsubscribeOutcome =
  | { readonly status: 'recorded' | 'already_recorded' | 'to_confirm'; readonly locale: string | null }
  | { readonly status: 'expired'; readonly locale: string | null }
  | { readonly status: 'invalid'; readonly locale: null };

type LinkDeps = { readonly db: DbOrTransaction; readonly keys: KeyRing };

/**
 * One use of a marketing email's unsubscribe link: the address that mail went to (its outbox row) is opted out of
 * email once, with source `unsubscribe_link`. Mail clients and link scanners open such links repeatedly and at the
 * same time, so the check and the write run under a lock on the customer's row: the ledger gets one entry however
 * often it is hit. A token that does not verify, or has expired, records nothing.
 */
export async function recordUnsubscribe(deps: LinkDeps, token: string, at: Date): Promise<UnsubscribeOutcome> {
  const opened = await openMarketingMail(deps, token, at);
  if (opened.status === 'invalid') return { status: 'invalid', locale: null };
  if (opened.status === 'expired') return opened;
  const { customerId, address, locale } = opened.mail;
  return inTransaction(deps.db, async (trx) => {
    await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (await isOptedOut(trx, { channel: 'email', address })) return { status: 'already_recorded', locale };
    await recordOptOut(trx, { channel: 'email', address, customerId, source: 'unsubscribe_link', at });
    return { status: 'recorded', locale };
  });
}

/**
 * What `GET` on the link answers: whether the link is good and the customer's locale, changing nothing. Link
 * scanners and mail previews fetch every URL in a message, so only the `POST` (the page's button, or the mail
 * client's one-click) records (RFC 8058 section 3.2).
 */
export async function checkUnsubscribe(deps: LinkDeps, token: string, now: Date): Promise<UnsubscribeOutcome> {
  const opened = await openMarketingMail(deps, token, now);
  if (opened.status === 'invalid') return { status: 'invalid', locale: null };
  if (opened.status === 'expired') return opened;
  const optedOut = await isOptedOut(deps.db, { channel: 'email', address: opened.mail.address });
  return { status: optedOut ? 'already_recorded' : 'to_confirm', locale: opened.mail.locale };
}

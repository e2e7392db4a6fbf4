import type { DbOrTransaction } from '../../db/database';
import { isInboundHandled } from '../../db/repositories/inbound';
import type { KeyRing } from '../../security/keys';
import { linkAnswerId, openPrompt, validChoice } from './open-prompt';
import { REPLY_LINK_PROVIDER } from './record-link-choice';

export type LinkChoiceCheck =
  /** The page asks the customer to confirm with a button; `choice` is the one the link was for, if any. */
  | {
      readonly status: 'to_confirm';
      readonly locale: string | null;
      readonly purpose: string;
      readonly choice: number | null;
    }
  | { readonly status: 'already_recorded'; readonly locale: string | null; readonly choice: number }
  | { readonly status: 'invalid' | 'expired'; readonly locale: string | null };

/**
 * What `GET /v1/reply/<token>?choice=N` answers, changing nothing: mail security scanners and previews fetch every
 * link in a message, so opening one must never count as an answer. The page's button posts the choice back, and only
 * that records it (record-link-choice.ts). A link without a choice shows the whole menu.
 */
export async function checkLinkChoice(
  deps: { readonly db: DbOrTransaction; readonly keys: KeyRing },
  token: string,
  rawChoice: string | undefined,
  now: Date,
): Promise<LinkChoiceCheck> {
  const opened = await openPrompt(deps, token, now);
  if (opened.status !== 'open') return opened;
  const { prompt, locale } = opened;
  if (rawChoice === undefined) return { status: 'to_confirm', locale, purpose: prompt.purpose, choice: null };
  const choice = validChoice(rawChoice, prompt.purpose);
  if (choice === undefined) return { status: 'invalid', locale };
  if (await isInboundHandled(deps.db, REPLY_LINK_PROVIDER, linkAnswerId(prompt, choice))) {
    return { status: 'already_recorded', locale, choice };
  }
  return { status: 'to_confirm', locale, purpose: prompt.purpose, choice };
}

import type { DbOrTransaction } from '../../db/database';
import { getNotification } from '../../db/repositories/outbox';
import type { NotificationRow } from '../../db/tables/notifications';
import type { KeyRing } from '../../security/keys';
import { verifyReplyToken } from '../../security/reply-token';
import { STALL_MENU } from '../../domain/replies';

export type OpenedPrompt =
  | { readonly status: 'open'; readonly prompt: NotificationRow; readonly locale: string | null }
  | { readonly status: 'invalid' | 'expired'; readonly locale: string | null };

/**
 * What a reply link points at, read-only: the prompt its token names, if the token is genuine and both the link and
 * the prompt's reply window are still open. An expired link still names its prompt, so the page that says so can be
 * in the customer's language.
 */
export async function openPrompt(
  deps: { readonly db: DbOrTransaction; readonly keys: KeyRing },
  token: string,
  now: Date,
): Promise<OpenedPrompt> {
  const verdict = verifyReplyToken(deps.keys, token, now.getTime());
  if (!verdict.ok && verdict.reason !== 'expired') return { status: 'invalid', locale: null };
  const prompt = await getNotification(deps.db, verdict.claims.promptKey);
  if (!prompt) return { status: 'invalid', locale: null };
  const locale = prompt.locale;
  if (!verdict.ok || !prompt.reply_expires_at || prompt.reply_expires_at.getTime() <= now.getTime()) {
    return { status: 'expired', locale };
  }
  return { status: 'open', prompt, locale };
}

/** Check-in surveys take a 1–5 score; every other prompt offers the stall menu. */
export function validChoice(raw: string | undefined, purpose: string): number | undefined {
  if (raw === undefined || !/^\d$/.test(raw)) return undefined;
  const choice = Number(raw);
  if (purpose === 'ticket.checkin') return choice >= 1 && choice <= 5 ? choice : undefined;
  return STALL_MENU.some((option) => option.choice === choice) ? choice : undefined;
}

/** The inbound-message id a link answer is stored under: one per prompt and choice, so a second POST adds nothing. */
export function linkAnswerId(prompt: Pick<NotificationRow, 'idempotency_key'>, choice: number): string {
  return `${prompt.idempotency_key}#${choice}`;
}

import { type WorkflowClient, WorkflowNotFoundError } from '@temporalio/client';
import type { DbOrTransaction } from '../../db/database';
import { markInboundHandled, recordInboundMessage } from '../../db/repositories/inbound';
import { getNotification } from '../../db/repositories/outbox';
import { STALL_MENU } from '../../domain/replies';
import { verifyReplyToken } from '../../security/reply-token';
import { customerReplySignal } from '../../workflows/order-journey/contract';
import { ticketReplySignal } from '../../workflows/support-ticket/contract';
import type { KeyRing } from '../../security/keys';

export const REPLY_LINK_PROVIDER = 'reply-link';

export type LinkChoiceOutcome =
  | { readonly status: 'recorded' | 'already_recorded'; readonly locale: string | null; readonly choice: number }
  | { readonly status: 'invalid' | 'expired'; readonly locale: string | null };

/**
 * A choice made through a signed link in an email prompt, recorded exactly like an SMS reply: stored as an inbound
 * message keyed by prompt and choice (so opening the link again records nothing new) and signalled to the prompt's
 * workflow. A tampered, unknown or expired link changes nothing.
 */
export async function recordLinkChoice(
  deps: { readonly db: DbOrTransaction; readonly workflows: WorkflowClient; readonly keys: KeyRing },
  token: string,
  rawChoice: string | undefined,
  now: Date,
): Promise<LinkChoiceOutcome> {
  const verdict = verifyReplyToken(deps.keys, token, now.getTime());
  if (!verdict.ok) return { status: verdict.reason === 'expired' ? 'expired' : 'invalid', locale: null };
  const prompt = await getNotification(deps.db, verdict.claims.promptKey);
  if (!prompt) return { status: 'invalid', locale: null };
  const locale = prompt.locale;
  const choice = validChoice(rawChoice, prompt.purpose);
  if (choice === undefined) return { status: 'invalid', locale };
  if (!prompt.reply_expires_at || prompt.reply_expires_at.getTime() <= now.getTime()) {
    return { status: 'expired', locale };
  }

  const { message, isNew } = await recordInboundMessage(deps.db, {
    provider: REPLY_LINK_PROVIDER,
    providerMessageId: `${prompt.idempotency_key}#${choice}`,
    from: prompt.address ?? '',
    to: REPLY_LINK_PROVIDER,
    body: String(choice),
    receivedAt: now,
    customerId: prompt.customer_id,
  });
  // A row stored but never marked handled means an earlier request died before signalling: finish its work.
  if (!isNew && message.handled_at !== null) return { status: 'already_recorded', locale, choice };

  const signal = prompt.workflow_id.startsWith('ticket:') ? ticketReplySignal : customerReplySignal;
  let handledAs: 'reply' | 'unmatched' = 'reply';
  try {
    await deps.workflows.getHandle(prompt.workflow_id).signal(signal, {
      inboundId: String(message.id),
      promptKey: prompt.idempotency_key,
      choice,
      receivedAt: message.received_at.getTime(),
    });
  } catch (err) {
    // The workflow has finished: the answer is kept for staff, as an SMS with no open prompt would be.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    handledAs = 'unmatched';
  }
  await markInboundHandled(deps.db, message.id, {
    handledAs,
    matchedNotificationKey: handledAs === 'reply' ? prompt.idempotency_key : null,
    matchedWorkflowId: handledAs === 'reply' ? prompt.workflow_id : null,
    at: now,
  });
  return { status: isNew ? 'recorded' : 'already_recorded', locale, choice };
}

/** Check-in surveys take a 1–5 score; every other prompt offers the stall menu. */
function validChoice(raw: string | undefined, purpose: string): number | undefined {
  if (raw === undefined || !/^\d$/.test(raw)) return undefined;
  const choice = Number(raw);
  if (purpose === 'ticket.checkin') return choice >= 1 && choice <= 5 ? choice : undefined;
  return STALL_MENU.some((option) => option.choice === choice) ? choice : undefined;
}

import { type WorkflowClient, WorkflowNotFoundError } from '@temporalio/client';
import type { DbOrTransaction } from '../../db/database';
import { markInboundHandled, recordInboundMessage } from '../../db/repositories/inbound';
import { customerReplySignal } from '../../workflows/order-journey/contract';
import { ticketReplySignal } from '../../workflows/support-ticket/contract';
import type { KeyRing } from '../../security/keys';
import { linkAnswerId, openPrompt, validChoice } from './open-prompt';

export const REPLY_LINK_PROVIDER = 'reply-link';

export type LinkChoiceOutcome =
  | { readonly status: 'recorded' | 'already_recorded'; readonly locale: string | null; readonly choice: number }
  | { readonly status: 'invalid' | 'expired'; readonly locale: string | null };

/**
 * A choice posted from a reply link's page, recorded exactly like an SMS reply: stored as an inbound message keyed by
 * prompt and choice (so posting again records nothing new) and signalled to the prompt's workflow. A tampered,
 * unknown or expired link changes nothing. Only `POST` comes here: opening the link (`GET`) never records.
 */
export async function recordLinkChoice(
  deps: { readonly db: DbOrTransaction; readonly workflows: WorkflowClient; readonly keys: KeyRing },
  token: string,
  rawChoice: string | undefined,
  now: Date,
): Promise<LinkChoiceOutcome> {
  const opened = await openPrompt(deps, token, now);
  if (opened.status !== 'open') return opened;
  const { prompt, locale } = opened;
  const choice = validChoice(rawChoice, prompt.purpose);
  if (choice === undefined) return { status: 'invalid', locale };

  const { message, isNew } = await recordInboundMessage(deps.db, {
    provider: REPLY_LINK_PROVIDER,
    providerMessageId: linkAnswerId(prompt, choice),
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

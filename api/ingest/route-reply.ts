import { type WorkflowClient, WorkflowNotFoundError } from '@temporalio/client';
import type { DbOrTransaction } from '../../db/database';
import { findCustomerByPhone } from '../../db/repositories/customers';
import { markInboundHandled, recordInboundMessage } from '../../db/repositories/inbound';
import { findOpenPrompt } from '../../db/repositories/outbox';
import { parseMenuReply, parseScore, STALL_MENU } from '../../domain/replies';
import { customerReplySignal } from '../../workflows/order-journey/contract';
import { ticketReplySignal } from '../../workflows/support-ticket/contract';

export interface InboundSms {
  readonly provider: string;
  readonly providerMessageId: string | null;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly receivedAt: Date;
}

export type ReplyOutcome =
  | { readonly status: 'routed'; readonly workflowId: string; readonly choice: number | null }
  | { readonly status: 'stored' }
  | { readonly status: 'duplicate' };

/**
 * Routes a customer's answer to the workflow whose question it answers: the latest unexpired prompt sent to that
 * number (architecture.md 6.4). The text is parsed here against that prompt's menu, so only the choice — never the
 * free text — enters the workflow's history. With no open prompt the message is kept for staff.
 * Keywords (STOP, HELP, START) are the caller's to handle first.
 *
 * Store, act, then mark handled: a provider retry of a message whose first handling failed (the signal threw) finds
 * it unhandled and routes it again; only a message already handled is a `duplicate`. The retry works from the stored
 * copy (its id and received time), so both attempts send the workflow the same reply.
 */
export async function routeReply(
  deps: { readonly db: DbOrTransaction; readonly workflows: WorkflowClient },
  sms: InboundSms,
): Promise<ReplyOutcome> {
  const customer = await findCustomerByPhone(deps.db, sms.from);
  const { message, handled } = await recordInboundMessage(deps.db, { ...sms, customerId: customer?.id ?? null });
  if (handled) return { status: 'duplicate' };
  const receivedAt = message.received_at;
  const prompt = await findOpenPrompt(deps.db, { address: sms.from, at: receivedAt });
  const routed = prompt ? await signalPrompt(deps.workflows, prompt, message.id, sms.body, receivedAt) : undefined;
  if (!prompt || !routed) {
    await markInboundHandled(deps.db, message.id, {
      handledAs: 'unmatched',
      matchedNotificationKey: null,
      matchedWorkflowId: null,
      at: receivedAt,
    });
    return { status: 'stored' };
  }
  await markInboundHandled(deps.db, message.id, {
    handledAs: 'reply',
    matchedNotificationKey: prompt.idempotency_key,
    matchedWorkflowId: prompt.workflow_id,
    at: receivedAt,
  });
  return { status: 'routed', workflowId: prompt.workflow_id, choice: routed.choice };
}

/**
 * Signals the reply to the prompt's workflow. Undefined when that workflow has finished (the message is then kept for
 * staff, as with no prompt); any other failure is thrown, leaving the message unhandled for the provider's retry.
 */
async function signalPrompt(
  workflows: WorkflowClient,
  prompt: { readonly purpose: string; readonly idempotency_key: string; readonly workflow_id: string },
  inboundId: number,
  body: string,
  receivedAt: Date,
): Promise<{ readonly choice: number | null } | undefined> {
  const choice =
    prompt.purpose === 'ticket.checkin'
      ? (parseScore(body) ?? null)
      : (parseMenuReply(body, STALL_MENU)?.choice ?? null);
  const reply = {
    inboundId: String(inboundId),
    promptKey: prompt.idempotency_key,
    choice,
    receivedAt: receivedAt.getTime(),
  };
  const signal = prompt.workflow_id.startsWith('ticket:') ? ticketReplySignal : customerReplySignal;
  try {
    await workflows.getHandle(prompt.workflow_id).signal(signal, reply);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
  return { choice };
}

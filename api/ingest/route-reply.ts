import type { WorkflowClient } from '@temporalio/client';
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
 */
export async function routeReply(
  deps: { readonly db: DbOrTransaction; readonly workflows: WorkflowClient },
  sms: InboundSms,
): Promise<ReplyOutcome> {
  const customer = await findCustomerByPhone(deps.db, sms.from);
  const { message, isNew } = await recordInboundMessage(deps.db, { ...sms, customerId: customer?.id ?? null });
  if (!isNew) return { status: 'duplicate' };
  const prompt = await findOpenPrompt(deps.db, { address: sms.from, at: sms.receivedAt });
  if (!prompt) {
    await markInboundHandled(deps.db, message.id, {
      handledAs: 'unmatched',
      matchedNotificationKey: null,
      matchedWorkflowId: null,
      at: sms.receivedAt,
    });
    return { status: 'stored' };
  }
  const choice =
    prompt.purpose === 'ticket.checkin'
      ? (parseScore(sms.body) ?? null)
      : (parseMenuReply(sms.body, STALL_MENU)?.choice ?? null);
  const reply = {
    inboundId: String(message.id),
    promptKey: prompt.idempotency_key,
    choice,
    receivedAt: sms.receivedAt.getTime(),
  };
  const handle = deps.workflows.getHandle(prompt.workflow_id);
  await handle.signal(prompt.workflow_id.startsWith('ticket:') ? ticketReplySignal : customerReplySignal, reply);
  await markInboundHandled(deps.db, message.id, {
    handledAs: 'reply',
    matchedNotificationKey: prompt.idempotency_key,
    matchedWorkflowId: prompt.workflow_id,
    at: sms.receivedAt,
  });
  return { status: 'routed', workflowId: prompt.workflow_id, choice };
}

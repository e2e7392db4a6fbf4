import type { WorkflowClient } from '@temporalio/client';
import type { Config } from '../../config/config';
import type { DbOrTransaction } from '../../db/database';
import { isOptedOut, recordOptIn, recordOptOut } from '../../db/repositories/consent';
import { findCustomerByPhone } from '../../db/repositories/customers';
import { markInboundHandled, recordInboundMessage } from '../../db/repositories/inbound';
import { classifyInbound, type InboundKind } from '../../domain/replies';
import { type InboundSms, type ReplyOutcome, routeReply } from '../ingest/route-reply';
import { keywordReplyText } from './keyword-copy';

export interface InboundHandled {
  readonly kind: InboundKind;
  /** `routed`, `stored` or `duplicate` for replies; `recorded`, `unchanged` or `duplicate` for keywords. */
  readonly outcome: ReplyOutcome['status'] | 'recorded' | 'unchanged';
  /** What to text back, if anything. */
  readonly answer: string | undefined;
  readonly workflowId?: string;
  readonly choice?: number | null;
}

/**
 * One inbound SMS: keywords first (architecture.md 6.4: STOP always stops, whatever prompt is open), everything else
 * routed as a reply. A keyword is confirmed once: a retried webhook (same MessageSid) or a repeated STOP from a number
 * already opted out changes nothing and gets no second confirmation.
 */
export async function handleInboundSms(
  deps: { readonly db: DbOrTransaction; readonly workflows: WorkflowClient; readonly config: Config },
  sms: InboundSms,
): Promise<InboundHandled> {
  const kind = classifyInbound(sms.body);
  if (kind === 'reply') {
    const routed = await routeReply(deps, sms);
    return routed.status === 'routed'
      ? { kind, outcome: routed.status, answer: undefined, workflowId: routed.workflowId, choice: routed.choice }
      : { kind, outcome: routed.status, answer: undefined };
  }

  const customer = await findCustomerByPhone(deps.db, sms.from);
  const { message, isNew } = await recordInboundMessage(deps.db, { ...sms, customerId: customer?.id ?? null });
  if (!isNew) return { kind, outcome: 'duplicate', answer: undefined };
  const wasOptedOut = await isOptedOut(deps.db, { channel: 'sms', address: sms.from });
  const change = {
    channel: 'sms',
    address: sms.from,
    customerId: customer?.id ?? null,
    source: 'sms_keyword',
    keyword: sms.body.trim().slice(0, 32),
    at: sms.receivedAt,
  } as const;
  let changed = false;
  if (kind === 'opt_out' && !wasOptedOut) {
    await recordOptOut(deps.db, change);
    changed = true;
  } else if (kind === 'opt_in' && wasOptedOut) {
    await recordOptIn(deps.db, change);
    changed = true;
  }
  await markInboundHandled(deps.db, message.id, {
    handledAs: kind,
    matchedNotificationKey: null,
    matchedWorkflowId: null,
    at: sms.receivedAt,
  });
  const locale = customer?.locale ?? null;
  if (kind === 'help') return { kind, outcome: 'recorded', answer: keywordReplyText(deps.config, 'help.info', locale) };
  if (!changed) return { kind, outcome: 'unchanged', answer: undefined };
  const answer = keywordReplyText(deps.config, kind === 'opt_out' ? 'optout.confirm' : 'optin.confirm', locale);
  return { kind, outcome: 'recorded', answer };
}

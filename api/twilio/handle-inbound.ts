import type { WorkflowClient } from '@temporalio/client';
import type { Config } from '../../config/config';
import type { DbOrTransaction } from '../../db/database';
import { latestOptChange, type OptChange, recordOptIn, recordOptOut } from '../../db/repositories/consent';
import { findCustomerByPhone } from '../../db/repositories/customers';
import { markInboundHandled, recordInboundMessage } from '../../db/repositories/inbound';
import { recordKeywordAnswer } from '../../db/repositories/keyword-answers';
import type { InboundMessageRow } from '../../db/tables/inbound-messages';
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

/** The opt-out ledger writes a keyword makes: a port, so a test can make the first handling fail after storing. */
export interface ConsentWrites {
  recordOptOut(db: DbOrTransaction, change: OptChange): Promise<unknown>;
  recordOptIn(db: DbOrTransaction, change: OptChange): Promise<unknown>;
}

export const consentLedger: ConsentWrites = { recordOptOut, recordOptIn };

export interface InboundDeps {
  readonly db: DbOrTransaction;
  readonly workflows: WorkflowClient;
  readonly config: Config;
  /** Defaults to the database ledger. */
  readonly consent?: ConsentWrites;
}

const ANSWER_PURPOSE = { opt_out: 'optout.confirm', opt_in: 'optin.confirm', help: 'help.info' } as const;

/**
 * One inbound SMS, from the Twilio webhook or a `notify simulate` trace alike (one path, so a STOP in a trace is
 * handled as a STOP from a phone): keywords first (architecture.md 6.4: STOP always stops, whatever prompt is open), everything else
 * routed as a reply. Each is stored, acted on, and only then marked handled, so a provider retry (same MessageSid)
 * of a message whose first handling failed finishes it; a retry of a handled one is a `duplicate`.
 * A keyword is confirmed once: a handled retry or a repeated STOP from a number already opted out changes nothing
 * and gets no second confirmation.
 */
export async function handleInboundSms(deps: InboundDeps, sms: InboundSms): Promise<InboundHandled> {
  const kind = classifyInbound(sms.body);
  if (kind === 'reply') {
    const routed = await routeReply(deps, sms);
    return routed.status === 'routed'
      ? { kind, outcome: routed.status, answer: undefined, workflowId: routed.workflowId, choice: routed.choice }
      : { kind, outcome: routed.status, answer: undefined };
  }

  const customer = await findCustomerByPhone(deps.db, sms.from);
  const { message, handled } = await recordInboundMessage(deps.db, { ...sms, customerId: customer?.id ?? null });
  if (handled) return { kind, outcome: 'duplicate', answer: undefined };
  const changed = kind === 'help' ? false : await applyKeyword(deps, kind, message, customer?.id ?? null);
  const locale = customer?.locale ?? null;
  const answer =
    kind === 'help'
      ? keywordReplyText(deps.config, 'help.info', locale)
      : changed
        ? keywordReplyText(deps.config, ANSWER_PURPOSE[kind], locale)
        : undefined;
  if (answer !== undefined) {
    // Recorded before the message is marked handled: a retry after a failure here records it (once, by inbound id).
    await recordKeywordAnswer(deps.db, {
      inboundMessageId: message.provider_message_id ?? `received-${message.received_at.getTime()}`,
      purpose: ANSWER_PURPOSE[kind],
      customerId: customer?.id ?? null,
      address: sms.from,
      locale,
      body: answer,
      provider: sms.provider,
      at: message.received_at,
    });
  }
  await markInboundHandled(deps.db, message.id, {
    handledAs: kind,
    matchedNotificationKey: null,
    matchedWorkflowId: null,
    at: message.received_at,
  });
  if (kind === 'help') return { kind, outcome: 'recorded', answer };
  return { kind, outcome: changed ? 'recorded' : 'unchanged', answer };
}

/**
 * Records an opt-out or opt-in unless the number is already in that state. True when this message made the change —
 * including on a retry whose first attempt recorded it but failed before answering: the ledger row names this inbound
 * message, and the confirmation is still owed.
 */
async function applyKeyword(
  deps: InboundDeps,
  kind: 'opt_out' | 'opt_in',
  message: InboundMessageRow,
  customerId: string | null,
): Promise<boolean> {
  const latest = await latestOptChange(deps.db, { channel: 'sms', address: message.from_address });
  if (latest?.kind === kind) {
    return latest.inbound_message_id === message.id;
  }
  // No record at all counts as opted in: START from a number that never stopped changes nothing.
  if (kind === 'opt_in' && latest === undefined) return false;
  const change = {
    channel: 'sms',
    address: message.from_address,
    customerId,
    source: 'sms_keyword',
    keyword: message.body.trim().slice(0, 32),
    inboundMessageId: message.id,
    at: message.received_at,
  } as const;
  const ledger = deps.consent ?? consentLedger;
  await (kind === 'opt_out' ? ledger.recordOptOut(deps.db, change) : ledger.recordOptIn(deps.db, change));
  return true;
}

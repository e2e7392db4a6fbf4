import type { DbOrTransaction } from '../database';
import type { InboundHandling, InboundMessageRow } from '../tables/inbound-messages';

export interface InboundMessageInput {
  readonly provider: string;
  /** Twilio's MessageSid; a retried webhook carrying the same one is recorded once. */
  readonly providerMessageId: string | null;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly receivedAt: Date;
  readonly customerId: string | null;
}

export interface RecordedInbound {
  readonly message: InboundMessageRow;
  /** False for a provider retry of a message already stored (the stored row is returned). */
  readonly isNew: boolean;
  /**
   * True only when an earlier delivery finished handling it (`handled_at` set). A stored but unhandled message is one
   * whose first handling failed after it was stored: the retry must finish it, not answer "duplicate".
   */
  readonly handled: boolean;
}

/** Stores a customer's message, or finds the copy a provider retry already stored. */
export async function recordInboundMessage(
  db: DbOrTransaction,
  message: InboundMessageInput,
): Promise<RecordedInbound> {
  const inserted = await db
    .insertInto('inbound_messages')
    .values({
      provider: message.provider,
      provider_message_id: message.providerMessageId,
      from_address: message.from,
      to_address: message.to,
      body: message.body,
      received_at: message.receivedAt,
      customer_id: message.customerId,
    })
    .onConflict((oc) => oc.columns(['provider', 'provider_message_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { message: inserted, isNew: true, handled: false };
  const existing = await db
    .selectFrom('inbound_messages')
    .selectAll()
    .where('provider', '=', message.provider)
    .where('provider_message_id', '=', message.providerMessageId)
    .executeTakeFirstOrThrow();
  return { message: existing, isNew: false, handled: existing.handled_at !== null };
}

export interface InboundOutcome {
  readonly handledAs: InboundHandling;
  readonly matchedNotificationKey: string | null;
  readonly matchedWorkflowId: string | null;
  readonly at: Date;
}

/** Records what became of a message: the reply it was routed as, a keyword, or "unmatched" (left for staff). */
export function markInboundHandled(
  db: DbOrTransaction,
  id: number,
  outcome: InboundOutcome,
): Promise<InboundMessageRow | undefined> {
  return db
    .updateTable('inbound_messages')
    .set({
      handled_as: outcome.handledAs,
      matched_notification_key: outcome.matchedNotificationKey,
      matched_workflow_id: outcome.matchedWorkflowId,
      handled_at: outcome.at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Whether a message with this provider id was stored and dealt with: what a read-only page may say was received. */
export async function isInboundHandled(
  db: DbOrTransaction,
  provider: string,
  providerMessageId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('inbound_messages')
    .select('id')
    .where('provider', '=', provider)
    .where('provider_message_id', '=', providerMessageId)
    .where('handled_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Messages no prompt was waiting for, newest first: what staff should read. */
export function listUnmatchedInbound(db: DbOrTransaction, limit = 100): Promise<InboundMessageRow[]> {
  return db
    .selectFrom('inbound_messages')
    .selectAll()
    .where('handled_as', '=', 'unmatched')
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

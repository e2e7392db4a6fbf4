import type { DbOrTransaction } from '../database';

export interface KeywordAnswerRecord {
  /** The inbound message the answer replies to (Twilio's MessageSid): one answer per inbound message. */
  readonly inboundMessageId: string;
  readonly purpose: string;
  readonly customerId: string | null;
  readonly address: string;
  readonly locale: string | null;
  readonly body: string;
  readonly provider: string;
  readonly at: Date;
}

/**
 * Records the text sent back to a keyword (STOP, HELP, START) in the outbox, as a message the customer received.
 * It goes out in the webhook's own answer (TwiML), not through the notify activity, so without this row the
 * confirmation would be missing from the outbox, `notify outbox`, and every audit of what a customer was told.
 * Keyed by the inbound message, so a retried webhook records it once.
 */
export async function recordKeywordAnswer(db: DbOrTransaction, answer: KeywordAnswerRecord): Promise<void> {
  const workflowId = `inbound:${answer.inboundMessageId}`;
  await db
    .insertInto('notifications')
    .values({
      idempotency_key: `${workflowId}/${answer.purpose}/1`,
      workflow_id: workflowId,
      purpose: answer.purpose,
      customer_id: answer.customerId,
      channel: 'sms',
      address: answer.address,
      template: answer.purpose,
      variant: null,
      locale: answer.locale,
      subject: null,
      body: answer.body,
      message_class: 'transactional',
      status: 'sent',
      refusal_reason: null,
      provider: answer.provider,
      provider_message_id: null,
      claimed_at: answer.at,
      sent_at: answer.at,
      updated_at: answer.at,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

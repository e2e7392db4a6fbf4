import type { DbOrTransaction } from '../database';
import type { SurveyResponseRow } from '../tables/survey-responses';

export interface SurveyAnswer {
  /** The idempotency key of the check-in that asked. */
  readonly promptKey: string;
  readonly ticketId: string | null;
  readonly orderId: string | null;
  readonly customerId: string;
  /** 1–5; the database refuses anything else. */
  readonly score: number;
  readonly channel: string;
  readonly inboundMessageId: number | null;
  readonly respondedAt: Date;
}

/**
 * Records the answer to a prompt once. A second answer to the same prompt returns the first, with `isNew` false:
 * the first score is the one that counts, and is thanked once.
 */
export async function recordSurveyResponse(
  db: DbOrTransaction,
  answer: SurveyAnswer,
): Promise<{ readonly response: SurveyResponseRow; readonly isNew: boolean }> {
  const inserted = await db
    .insertInto('survey_responses')
    .values({
      prompt_key: answer.promptKey,
      ticket_id: answer.ticketId,
      order_id: answer.orderId,
      customer_id: answer.customerId,
      score: answer.score,
      channel: answer.channel,
      inbound_message_id: answer.inboundMessageId,
      responded_at: answer.respondedAt,
    })
    .onConflict((oc) => oc.column('prompt_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { response: inserted, isNew: true };
  const existing = await getSurveyResponse(db, answer.promptKey);
  if (!existing) throw new Error(`survey response ${answer.promptKey} conflicted but cannot be read back`);
  return { response: existing, isNew: false };
}

export function getSurveyResponse(db: DbOrTransaction, promptKey: string): Promise<SurveyResponseRow | undefined> {
  return db.selectFrom('survey_responses').selectAll().where('prompt_key', '=', promptKey).executeTakeFirst();
}

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

/** Satisfaction scores: one per prompt (the check-in notification's idempotency key); the first answer counts. */
export interface SurveyResponsesTable {
  prompt_key: string;
  ticket_id: string | null;
  order_id: string | null;
  customer_id: string;
  /** 1–5. */
  score: number;
  channel: string;
  inbound_message_id: number | null;
  responded_at: Timestamp;
  recorded_at: DefaultedTimestamp;
}

export type SurveyResponseRow = Selectable<SurveyResponsesTable>;
export type NewSurveyResponse = Insertable<SurveyResponsesTable>;
export type SurveyResponseUpdate = Updateable<SurveyResponsesTable>;

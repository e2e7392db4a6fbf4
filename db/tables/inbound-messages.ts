import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

/** How an inbound message was dealt with. */
export type InboundHandling = 'reply' | 'opt_out' | 'opt_in' | 'help' | 'unmatched';

/** Customer messages to us (SMS replies, keywords). Kept whether or not a workflow was waiting for them. */
export interface InboundMessagesTable {
  id: Generated<number>;
  provider: string;
  /** Twilio's MessageSid; unique per provider, so a retried webhook is recorded once. */
  provider_message_id: string | null;
  from_address: string;
  to_address: string;
  body: string;
  received_at: Timestamp;
  customer_id: string | null;
  matched_notification_key: string | null;
  matched_workflow_id: string | null;
  handled_as: InboundHandling | null;
  handled_at: Timestamp | null;
  recorded_at: DefaultedTimestamp;
}

export type InboundMessageRow = Selectable<InboundMessagesTable>;
export type NewInboundMessage = Insertable<InboundMessagesTable>;
export type InboundMessageUpdate = Updateable<InboundMessagesTable>;

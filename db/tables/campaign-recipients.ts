import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Timestamp } from './columns';

export type CampaignRecipientStatus = 'pending' | 'sent' | 'skipped' | 'failed';

/** One row per (campaign, customer): the primary key is why re-running a campaign sends nothing twice. */
export interface CampaignRecipientsTable {
  campaign_id: string;
  customer_id: string;
  variant: string | null;
  holdout: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<CampaignRecipientStatus, CampaignRecipientStatus | undefined, CampaignRecipientStatus>;
  /** Why skipped or failed (`holdout`, `opted_out`, `capped`, `no_consent`, a provider error code). */
  reason: string | null;
  notification_key: string | null;
  /** The order that put the customer in the audience (its product is named in the copy). */
  order_id: string | null;
  /** The earliest instant the message may go: the campaign's start moved into the recipient's send window. */
  not_before: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type CampaignRecipientRow = Selectable<CampaignRecipientsTable>;
export type NewCampaignRecipient = Insertable<CampaignRecipientsTable>;
export type CampaignRecipientUpdate = Updateable<CampaignRecipientsTable>;

import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp } from './columns';

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
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type CampaignRecipientRow = Selectable<CampaignRecipientsTable>;
export type NewCampaignRecipient = Insertable<CampaignRecipientsTable>;
export type CampaignRecipientUpdate = Updateable<CampaignRecipientsTable>;

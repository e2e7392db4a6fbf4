import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { DefaultedTimestamp, Json, Timestamp } from './columns';

export type CampaignStatus = 'draft' | 'running' | 'paused' | 'cancelled' | 'completed';

/** A campaign as the CLI stored it; the workflow `campaign:<id>` reads it and runs it. */
export interface CampaignsTable {
  id: string;
  name: string;
  template: string;
  message_class: string;
  /** Null: each recipient's usual channel. */
  channel: string | null;
  /** Audience, variants with weights, hold-out share, pacing: the parts only the campaign workflow interprets. */
  definition: Json;
  dry_run: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<CampaignStatus, CampaignStatus | undefined, CampaignStatus>;
  starts_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export type CampaignRow = Selectable<CampaignsTable>;
export type NewCampaign = Insertable<CampaignsTable>;
export type CampaignUpdate = Updateable<CampaignsTable>;

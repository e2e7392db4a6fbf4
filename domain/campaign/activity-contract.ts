import type { CampaignTally } from './counts';

/**
 * The campaign workflow's activity contract. Inputs carry the campaign id, the workflow's clock and sizes; recipient
 * ids, contacts and bodies stay in the database. `now` is workflow time (epoch ms): the instant the workflow decided
 * on, recorded as the recipients' outcome time, so a time-skipped test reads the pace off the rows.
 */

export interface BeginCampaignInput {
  readonly campaignId: string;
  readonly now: number;
}

export interface CampaignPlan {
  /** `cancelled`: an operator cancelled this campaign before; a re-run does nothing. */
  readonly status: 'ready' | 'cancelled';
  readonly name: string;
  readonly messagesPerSecond: number;
  readonly variants: readonly string[];
}

export interface AssignPageInput {
  readonly campaignId: string;
  /** The last customer id of the previous page (exclusive); null for the first page. */
  readonly after: string | null;
  readonly pageSize: number;
  readonly now: number;
}

export interface AssignPageResult {
  readonly read: number;
  /** The cursor for the next page; null when this page was empty. */
  readonly lastId: string | null;
  readonly done: boolean;
  /** The stored state of this page's recipients (whoever inserted them). */
  readonly tally: CampaignTally;
}

export interface SendBatchInput {
  readonly campaignId: string;
  readonly limit: number;
  readonly now: number;
}

export interface SendBatchResult {
  /** Recipients this batch looked at (sent, skipped, failed or deferred). */
  readonly processed: number;
  readonly sent: number;
  /** What changed: out of pending, into sent / skipped / failed. */
  readonly delta: CampaignTally;
  /** More recipients are due right now (the batch was full). */
  readonly moreDue: boolean;
  /** When nothing more is due now: the earliest pending recipient's send time; null when none is pending. */
  readonly nextDueAt: number | null;
}

export interface CampaignStatusInput {
  readonly campaignId: string;
  readonly status: 'running' | 'paused' | 'completed' | 'cancelled';
  readonly now: number;
}

export interface CampaignActivities {
  beginCampaign: (input: BeginCampaignInput) => Promise<CampaignPlan>;
  assignCampaignPage: (input: AssignPageInput) => Promise<AssignPageResult>;
  sendCampaignBatch: (input: SendBatchInput) => Promise<SendBatchResult>;
  /** Records the status; `cancelled` also skips every recipient still pending. Returns the campaign's totals. */
  recordCampaignStatus: (input: CampaignStatusInput) => Promise<CampaignTally>;
}

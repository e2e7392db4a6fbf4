import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CampaignCounts } from '../../domain/campaign/counts';

/** The campaign workflow's contract: imported by the workflow, the worker, the operations and the CLI alike. */

export const campaignWorkflowId = (campaignId: string): string => `campaign:${campaignId}`;

export const CAMPAIGN_WORKFLOW_TYPE = 'campaign';

/**
 * The workflow's input: only the id. The definition (audience, variants, pacing) is read from the database by the
 * activities, so a large audience or long id list never enters the history.
 */
export interface CampaignInput {
  readonly campaignId: string;
  /** Present only when the campaign continued as new. */
  readonly carryOver?: unknown;
  /** Tuning, for tests and benchmarks; production uses the defaults. */
  readonly tuning?: CampaignTuning;
}

export interface CampaignTuning {
  /** Audience rows assigned per page activity (default 2,000). */
  readonly pageSize?: number;
  /** Most recipients one send activity handles (default 500; smaller when the pace is slow). */
  readonly maxBatchSize?: number;
  /** Continue as new past this many history events (default 2,000). */
  readonly historyLimit?: number;
}

/** `draft`: stored, never started (only the operations report it; a workflow starts `running`). */
export type CampaignStatus = 'draft' | 'running' | 'paused' | 'cancelled' | 'completed';

export type { CampaignCounts, SkipReason } from '../../domain/campaign/counts';

export interface CampaignProgress {
  readonly campaignId: string;
  readonly status: CampaignStatus;
  /** True once every audience page has been read. */
  readonly audienceComplete: boolean;
  readonly counts: CampaignCounts;
  /** Messages sent per variant name. */
  readonly sentByVariant: Readonly<Record<string, number>>;
  /** Configured pace and the pace achieved so far (messages per second, workflow time). */
  readonly rate: { readonly configured: number; readonly achieved: number | null };
  /** ISO-8601; null until the first send / until the campaign ends. */
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** When the workflow sleeps for recipients outside their window: the earliest opening (ISO-8601). */
  readonly nextSendAt: string | null;
}

/** Progress plus what the workflow is doing now, for the Temporal UI's query tab. */
export interface CampaignState extends CampaignProgress {
  readonly activity: string;
  readonly runs: number;
}

/** Pause and resume take effect between batches; cancel stops for good (the database says `cancelled`). */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const cancelSignal = defineSignal('cancel');

export const progressQuery = defineQuery<CampaignProgress>('progress');
export const stateQuery = defineQuery<CampaignState>('state');

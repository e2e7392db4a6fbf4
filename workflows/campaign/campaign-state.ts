import { addTally, type CampaignTally, EMPTY_TALLY } from '../../domain/campaign/counts';
import type { TokenBucket } from '../../domain/campaign/token-bucket';
import type { CampaignInput, CampaignProgress, CampaignState, CampaignStatus } from './contract';

/** Everything a campaign run knows; plain data, carried whole across continue-as-new. */
export interface CampaignData {
  status: CampaignStatus;
  began: boolean;
  messagesPerSecond: number;
  cancelRequested: boolean;
  /** Last customer id of the audience read so far. */
  cursor: string | null;
  audienceComplete: boolean;
  /** Recipients may be due now (a page added some, or the last batch was full, or a window opened). */
  dueNow: boolean;
  /** Earliest send time of a pending recipient, when none is due now; null when none is pending. */
  nextDueAt: number | null;
  tally: CampaignTally;
  bucket: TokenBucket | null;
  firstBatchAt: number | null;
  lastBatchAt: number | null;
  /** Messages sent before the latest batch started (for the achieved rate). */
  sentBeforeLastBatch: number;
  startedAt: number | null;
  finishedAt: number | null;
  runs: number;
  activity: string;
}

/** Signals only flip flags here; the flow acts on them between batches. */
export class CampaignRun {
  readonly data: CampaignData;

  constructor(readonly input: CampaignInput) {
    const carried = input.carryOver as CampaignData | undefined;
    this.data = carried ? { ...carried, runs: carried.runs + 1 } : initialData();
  }

  pause(): void {
    if (this.data.status === 'running') this.data.status = 'paused';
  }

  resume(): void {
    if (this.data.status === 'paused') this.data.status = 'running';
  }

  cancel(): void {
    if (this.data.status === 'running' || this.data.status === 'paused') this.data.cancelRequested = true;
  }

  get paused(): boolean {
    return this.data.status === 'paused';
  }

  addDelta(delta: CampaignTally): void {
    this.data.tally = addTally(this.data.tally, delta);
  }

  progress(): CampaignProgress {
    const d = this.data;
    const span = d.firstBatchAt !== null && d.lastBatchAt !== null ? d.lastBatchAt - d.firstBatchAt : 0;
    return {
      campaignId: this.input.campaignId,
      status: d.cancelRequested && d.status !== 'cancelled' ? 'running' : d.status,
      audienceComplete: d.audienceComplete,
      counts: d.tally.counts,
      sentByVariant: d.tally.sentByVariant,
      rate: {
        configured: d.messagesPerSecond,
        achieved: span > 0 ? Math.round((d.sentBeforeLastBatch * 1000 * 100) / span) / 100 : null,
      },
      startedAt: iso(d.startedAt),
      finishedAt: iso(d.finishedAt),
      nextSendAt: !d.dueNow && d.nextDueAt !== null ? iso(d.nextDueAt) : null,
    };
  }

  view(): CampaignState {
    return { ...this.progress(), activity: this.data.activity, runs: this.data.runs };
  }
}

function initialData(): CampaignData {
  return {
    status: 'running',
    began: false,
    messagesPerSecond: 0,
    cancelRequested: false,
    cursor: null,
    audienceComplete: false,
    dueNow: false,
    nextDueAt: null,
    tally: EMPTY_TALLY,
    bucket: null,
    firstBatchAt: null,
    lastBatchAt: null,
    sentBeforeLastBatch: 0,
    startedAt: null,
    finishedAt: null,
    runs: 1,
    activity: 'starting',
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

import { condition, setCurrentDetails, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { batchSizeFor, bucketRule, newBucket, spend, waitFor } from '../../domain/campaign/token-bucket';
import { campaignActivities as act, campaignActivityOptions as options } from './activity-proxies';
import type { CampaignRun } from './campaign-state';
import { describeProgress } from './describe';

const DEFAULT_PAGE_SIZE = 2_000;
const DEFAULT_MAX_BATCH = 500;
const DEFAULT_HISTORY_LIMIT = 2_000;

export type RunEnd = 'finished' | 'continue_as_new';

/**
 * The campaign as a business process: read the audience page by page, send what is due in paced batches, sleep
 * until the next recipient's window opens, and honour pause, resume and cancel between batches.
 */
export class CampaignFlow {
  private pagesThisRun = 0;

  constructor(private readonly run: CampaignRun) {}

  private get data() {
    return this.run.data;
  }

  private get id() {
    return this.run.input.campaignId;
  }

  private get pageSize() {
    return this.run.input.tuning?.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  private get batchSize() {
    return batchSizeFor(this.data.messagesPerSecond, this.run.input.tuning?.maxBatchSize ?? DEFAULT_MAX_BATCH);
  }

  /** Runs until the campaign ends, or until a new page should start in a fresh run (continue-as-new). */
  async execute(): Promise<RunEnd> {
    if (!this.data.began && !(await this.begin())) return 'finished';
    for (;;) {
      if (this.data.cancelRequested) return this.finish('cancelled');
      if (this.run.paused) {
        await this.pausedUntilResumed();
        continue;
      }
      if (this.historyIsLong()) return 'continue_as_new';
      if (this.data.dueNow) {
        await this.sendBatch();
        continue;
      }
      if (!this.data.audienceComplete) {
        // A new run for each page keeps every history short.
        if (this.pagesThisRun > 0) return 'continue_as_new';
        await this.readPage();
        continue;
      }
      if (this.data.nextDueAt === null) return this.finish('completed');
      await this.sleepUntilDue(this.data.nextDueAt);
    }
  }

  /** Waiting out many send windows can make a run long too: continue as new between batches then. */
  private historyIsLong(): boolean {
    const info = workflowInfo();
    return (
      info.continueAsNewSuggested || info.historyLength > (this.run.input.tuning?.historyLimit ?? DEFAULT_HISTORY_LIMIT)
    );
  }

  private async begin(): Promise<boolean> {
    this.show('reading the campaign');
    const plan = await act.beginCampaign.executeWithOptions({ ...options, summary: `begin campaign ${this.id}` }, [
      { campaignId: this.id, now: Date.now() },
    ]);
    this.data.began = true;
    this.data.messagesPerSecond = plan.messagesPerSecond;
    this.data.startedAt = Date.now();
    if (plan.status === 'cancelled') {
      this.data.status = 'cancelled';
      this.data.finishedAt = Date.now();
      this.show('cancelled earlier: nothing to do');
      return false;
    }
    return true;
  }

  private async readPage(): Promise<void> {
    const after = this.data.cursor;
    this.show(`reading the audience after ${after ?? 'the start'}`);
    const page = await act.assignCampaignPage.executeWithOptions(
      { ...options, summary: `audience page of ${this.pageSize} after ${after ?? 'the start'}` },
      [{ campaignId: this.id, after, pageSize: this.pageSize, now: Date.now() }],
    );
    this.pagesThisRun += 1;
    this.run.addDelta(page.tally);
    if (page.lastId !== null) this.data.cursor = page.lastId;
    this.data.audienceComplete = page.done;
    const waiting = this.data.nextDueAt;
    this.data.dueNow = page.tally.counts.pending > 0 || (waiting !== null && waiting <= Date.now());
  }

  private async sendBatch(): Promise<void> {
    const limit = this.batchSize;
    const rule = bucketRule(this.data.messagesPerSecond, limit);
    const bucket = this.data.bucket ?? newBucket(Date.now(), limit);
    const wait = waitFor(bucket, Date.now(), limit, rule);
    if (wait > 0) {
      this.show('pacing');
      const interrupted = await condition(() => this.run.paused || this.data.cancelRequested, wait, {
        summary: `pacer: next batch of ${limit} at ${this.data.messagesPerSecond}/s`,
      });
      if (interrupted) return;
    }
    const startedAt = Date.now();
    this.show(`sending a batch of up to ${limit}`);
    const result = await act.sendCampaignBatch.executeWithOptions(
      { ...options, summary: `send batch of up to ${limit}` },
      [{ campaignId: this.id, limit, now: startedAt }],
    );
    this.data.bucket = spend(bucket, startedAt, result.sent, rule);
    if (result.sent > 0) {
      this.data.firstBatchAt ??= startedAt;
      this.data.sentBeforeLastBatch = this.data.tally.counts.sent;
      this.data.lastBatchAt = startedAt;
    }
    this.run.addDelta(result.delta);
    this.data.dueNow = result.moreDue;
    this.data.nextDueAt = result.nextDueAt;
  }

  private async sleepUntilDue(at: number): Promise<void> {
    const wait = at - Date.now();
    if (wait > 0) {
      this.show(`waiting for recipients' send window (${new Date(at).toISOString()})`);
      const interrupted = await condition(() => this.run.paused || this.data.cancelRequested, wait, {
        summary: `next recipients' send window opens ${new Date(at).toISOString()}`,
      });
      if (interrupted) return;
    }
    // Tokens do not pile up while no one is due: the window opens at the configured pace, not with a burst.
    this.data.bucket = null;
    this.data.dueNow = true;
  }

  private async pausedUntilResumed(): Promise<void> {
    this.show('paused');
    this.data.tally = await this.record('paused');
    await condition(() => !this.run.paused || this.data.cancelRequested);
    if (this.data.cancelRequested) return;
    this.data.tally = await this.record('running');
    // Tokens do not pile up during a pause: the pace resumes where it was.
    this.data.bucket = null;
  }

  private async finish(status: 'completed' | 'cancelled'): Promise<RunEnd> {
    this.show(status === 'cancelled' ? 'cancelling' : 'finishing');
    const totals = await this.record(status);
    this.data.tally = totals;
    this.data.status = status;
    this.data.dueNow = false;
    this.data.nextDueAt = null;
    this.data.finishedAt = Date.now();
    const summary = describeProgress(this.run.progress());
    this.data.activity = summary;
    setCurrentDetails(summary);
    upsertMemo({ summary, counts: totals.counts, sentByVariant: totals.sentByVariant });
    return 'finished';
  }

  private record(status: 'running' | 'paused' | 'completed' | 'cancelled') {
    return act.recordCampaignStatus.executeWithOptions({ ...options, summary: `campaign ${this.id} ${status}` }, [
      { campaignId: this.id, status, now: Date.now() },
    ]);
  }

  private show(activity: string): void {
    this.data.activity = activity;
    setCurrentDetails(`**${activity}**\n\n${describeProgress(this.run.progress())}`);
  }
}

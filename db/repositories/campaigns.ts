import type { DbOrTransaction } from '../database';
import type { CampaignRecipientRow, CampaignRecipientStatus } from '../tables/campaign-recipients';
import type { CampaignRow, CampaignStatus } from '../tables/campaigns';
import { type JsonValue, toJson } from '../tables/columns';

export interface CampaignDefinition {
  readonly id: string;
  readonly name: string;
  readonly template: string;
  readonly messageClass: string;
  readonly channel: string | null;
  /** Audience, variants and weights, hold-out share, pacing. */
  readonly definition: JsonValue;
  readonly dryRun: boolean;
  readonly startsAt: Date | null;
  readonly at: Date;
}

/**
 * Stores a campaign once. A second call with the same id (a CLI re-run, or one killed mid-start) returns the stored
 * campaign with `created` false, so it resumes from stored state rather than starting a different one.
 */
export async function createCampaign(
  db: DbOrTransaction,
  campaign: CampaignDefinition,
): Promise<{ readonly campaign: CampaignRow; readonly created: boolean }> {
  const inserted = await db
    .insertInto('campaigns')
    .values({
      id: campaign.id,
      name: campaign.name,
      template: campaign.template,
      message_class: campaign.messageClass,
      channel: campaign.channel,
      definition: toJson(campaign.definition),
      dry_run: campaign.dryRun,
      starts_at: campaign.startsAt,
      created_at: campaign.at,
      updated_at: campaign.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { campaign: inserted, created: true };
  const existing = await getCampaign(db, campaign.id);
  if (!existing) throw new Error(`campaign ${campaign.id} conflicted but cannot be read back`);
  return { campaign: existing, created: false };
}

export function getCampaign(db: DbOrTransaction, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

export function setCampaignStatus(
  db: DbOrTransaction,
  id: string,
  status: CampaignStatus,
  at: Date,
): Promise<CampaignRow | undefined> {
  return db
    .updateTable('campaigns')
    .set({ status, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export interface RecipientAssignment {
  readonly customerId: string;
  readonly variant: string | null;
  readonly holdout: boolean;
}

/**
 * Adds a page of recipients, each at most once per campaign (insert, on conflict do nothing). Returns the customer
 * ids this call added; the others were already there, and their stored variant and status stand.
 */
export async function addCampaignRecipients(
  db: DbOrTransaction,
  campaignId: string,
  recipients: readonly RecipientAssignment[],
  at: Date,
): Promise<readonly string[]> {
  if (recipients.length === 0) return [];
  const inserted = await db
    .insertInto('campaign_recipients')
    .values(
      recipients.map((r) => ({
        campaign_id: campaignId,
        customer_id: r.customerId,
        variant: r.variant,
        holdout: r.holdout,
        status: r.holdout ? ('skipped' as const) : ('pending' as const),
        reason: r.holdout ? 'holdout' : null,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing())
    .returning('customer_id')
    .execute();
  return inserted.map((row) => row.customer_id);
}

export interface RecipientOutcome {
  readonly campaignId: string;
  readonly customerId: string;
  readonly status: Exclude<CampaignRecipientStatus, 'pending'>;
  readonly reason: string | null;
  readonly notificationKey: string | null;
  readonly at: Date;
}

/** Records what happened to a pending recipient. False unless the recipient was still pending. */
export async function recordRecipientOutcome(db: DbOrTransaction, outcome: RecipientOutcome): Promise<boolean> {
  const result = await db
    .updateTable('campaign_recipients')
    .set({
      status: outcome.status,
      reason: outcome.reason,
      notification_key: outcome.notificationKey,
      updated_at: outcome.at,
    })
    .where('campaign_id', '=', outcome.campaignId)
    .where('customer_id', '=', outcome.customerId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The next pending recipients, in a stable order, for the campaign's next batch. */
export function pendingRecipients(
  db: DbOrTransaction,
  campaignId: string,
  limit: number,
): Promise<CampaignRecipientRow[]> {
  return db
    .selectFrom('campaign_recipients')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .orderBy('customer_id')
    .limit(limit)
    .execute();
}

/** Recipients per status, for the progress query and the CLI's progress bar. */
export async function campaignProgress(
  db: DbOrTransaction,
  campaignId: string,
): Promise<Readonly<Record<CampaignRecipientStatus, number>>> {
  const rows = await db
    .selectFrom('campaign_recipients')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .where('campaign_id', '=', campaignId)
    .groupBy('status')
    .execute();
  const progress: Record<CampaignRecipientStatus, number> = { pending: 0, sent: 0, skipped: 0, failed: 0 };
  for (const row of rows) progress[row.status] = row.count;
  return progress;
}

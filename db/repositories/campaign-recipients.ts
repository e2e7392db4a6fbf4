import { sql } from 'kysely';
import type { DbOrTransaction } from '../database';
import type { CampaignRecipientRow, CampaignRecipientStatus } from '../tables/campaign-recipients';

/**
 * campaign_recipients for the campaign workflow's activities: one row per (campaign, customer), so whatever runs
 * twice (a page re-read, a batch retried, the whole campaign re-run) finds the row and its outcome already there.
 */

export interface NewRecipient {
  readonly customerId: string;
  readonly variant: string | null;
  readonly holdout: boolean;
  readonly status: 'pending' | 'skipped';
  readonly reason: string | null;
  readonly orderId: string | null;
  readonly notBefore: Date | null;
}

/** Inserts a page of recipients; rows already there (an earlier attempt or run) keep their variant and outcome. */
export async function insertRecipients(
  db: DbOrTransaction,
  campaignId: string,
  recipients: readonly NewRecipient[],
  at: Date,
): Promise<void> {
  if (recipients.length === 0) return;
  await db
    .insertInto('campaign_recipients')
    .values(
      recipients.map((r) => ({
        campaign_id: campaignId,
        customer_id: r.customerId,
        variant: r.variant,
        holdout: r.holdout,
        status: r.status,
        reason: r.reason,
        order_id: r.orderId,
        not_before: r.notBefore,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['campaign_id', 'customer_id']).doNothing())
    .execute();
}

export interface TallyQueryRow {
  readonly status: CampaignRecipientStatus;
  readonly reason: string | null;
  readonly variant: string | null;
  readonly holdout: boolean;
  readonly count: number;
}

/**
 * Recipients grouped by status, reason, variant and hold-out: for the whole campaign, or for the customer-id range
 * (after, upTo] one audience page covered (a primary-key range scan).
 */
export async function recipientTally(
  db: DbOrTransaction,
  campaignId: string,
  range?: { readonly after: string | null; readonly upTo: string },
): Promise<TallyQueryRow[]> {
  const rows = await db
    .selectFrom('campaign_recipients')
    .select((eb) => ['status', 'reason', 'variant', 'holdout', eb.fn.countAll<number>().as('count')])
    .where('campaign_id', '=', campaignId)
    .$if(range !== undefined && range.after !== null, (qb) => qb.where('customer_id', '>', range?.after ?? ''))
    .$if(range !== undefined, (qb) => qb.where('customer_id', '<=', range?.upTo ?? ''))
    .groupBy(['status', 'reason', 'variant', 'holdout'])
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export type DueRecipient = Pick<CampaignRecipientRow, 'customer_id' | 'variant' | 'order_id' | 'not_before'>;

/** Pending recipients whose send window has opened by `now`, earliest first. */
export function dueRecipients(
  db: DbOrTransaction,
  campaignId: string,
  now: Date,
  limit: number,
): Promise<DueRecipient[]> {
  return db
    .selectFrom('campaign_recipients')
    .select(['customer_id', 'variant', 'order_id', 'not_before'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .where('not_before', '<=', now)
    .orderBy('not_before')
    .orderBy('customer_id')
    .limit(limit)
    .execute();
}

/** The earliest `not_before` of any pending recipient; undefined when none is pending. */
export async function earliestPending(db: DbOrTransaction, campaignId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('campaign_recipients')
    .select('not_before')
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .orderBy('not_before')
    .limit(1)
    .executeTakeFirst();
  return row ? (row.not_before ?? new Date(0)) : undefined;
}

export interface Settlement {
  readonly status: 'sent' | 'skipped' | 'failed';
  readonly reason: string | null;
}

/**
 * Records one outcome for many pending recipients at once; each gets its notification key
 * (`<keyPrefix><customerId>`). Recipients no longer pending are left alone. Returns how many rows changed.
 */
export async function settleRecipients(
  db: DbOrTransaction,
  campaignId: string,
  customerIds: readonly string[],
  settlement: Settlement,
  keyPrefix: string,
  at: Date,
): Promise<number> {
  if (customerIds.length === 0) return 0;
  const result = await db
    .updateTable('campaign_recipients')
    .set({
      status: settlement.status,
      reason: settlement.reason,
      notification_key: sql<string>`${keyPrefix} || customer_id`,
      updated_at: at,
    })
    .where('campaign_id', '=', campaignId)
    .where('customer_id', 'in', customerIds)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Moves pending recipients' earliest send time (their window closed, or a transient failure backs off). */
export async function deferRecipients(
  db: DbOrTransaction,
  campaignId: string,
  customerIds: readonly string[],
  notBefore: Date,
  at: Date,
): Promise<void> {
  if (customerIds.length === 0) return;
  await db
    .updateTable('campaign_recipients')
    .set({ not_before: notBefore, updated_at: at })
    .where('campaign_id', '=', campaignId)
    .where('customer_id', 'in', customerIds)
    .where('status', '=', 'pending')
    .execute();
}

/** A cancelled campaign's recipients still waiting: skipped with reason `cancelled`, so nothing sends them later. */
export async function skipAllPending(
  db: DbOrTransaction,
  campaignId: string,
  reason: string,
  at: Date,
): Promise<number> {
  const result = await db
    .updateTable('campaign_recipients')
    .set({ status: 'skipped', reason, updated_at: at })
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

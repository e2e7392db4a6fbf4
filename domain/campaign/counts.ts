/**
 * Campaign counts, built from recipient rows grouped by status, reason, variant and hold-out: the same arithmetic
 * for the activities' page and batch results, the workflow's running totals and the CLI's view of a closed campaign.
 */

/** Why a recipient was not messaged (stored in campaign_recipients.reason). */
export type SkipReason =
  | 'holdout'
  | 'opted_out'
  | 'no_consent'
  | 'capped'
  | 'no_contact'
  | 'phone_invalid'
  | 'email_invalid'
  | 'unknown_customer'
  | 'cancelled';

export type RecipientStatus = 'pending' | 'sent' | 'skipped' | 'failed';

export interface TallyRow {
  readonly status: RecipientStatus;
  readonly reason: string | null;
  readonly variant: string | null;
  readonly holdout: boolean;
  readonly count: number;
}

export interface CampaignCounts {
  /** Audience rows read so far (the whole audience once the last page is read). */
  readonly audience: number;
  /** Recipients given a variant (audience minus hold-out). */
  readonly assigned: number;
  readonly holdout: number;
  readonly sent: number;
  /** Not messaged, by reason (hold-out included). */
  readonly skipped: Readonly<Record<string, number>>;
  readonly failed: number;
  /** Assigned, not yet sent, skipped or failed (waiting for their window, the pacer, or a resume). */
  readonly pending: number;
}

export interface CampaignTally {
  readonly counts: CampaignCounts;
  /** Messages sent per variant name. */
  readonly sentByVariant: Readonly<Record<string, number>>;
}

export const EMPTY_TALLY: CampaignTally = {
  counts: { audience: 0, assigned: 0, holdout: 0, sent: 0, skipped: {}, failed: 0, pending: 0 },
  sentByVariant: {},
};

export function tallyOf(rows: readonly TallyRow[]): CampaignTally {
  return rows.reduce<CampaignTally>((tally, row) => addTally(tally, rowTally(row)), EMPTY_TALLY);
}

function rowTally(row: TallyRow): CampaignTally {
  const n = row.count;
  const skipped = row.status === 'skipped' ? { [row.reason ?? 'unknown']: n } : {};
  return {
    counts: {
      audience: n,
      assigned: row.holdout ? 0 : n,
      holdout: row.holdout ? n : 0,
      sent: row.status === 'sent' ? n : 0,
      skipped,
      failed: row.status === 'failed' ? n : 0,
      pending: row.status === 'pending' ? n : 0,
    },
    sentByVariant: row.status === 'sent' && row.variant ? { [row.variant]: n } : {},
  };
}

/** Field-wise sum; counts may be negative in a delta (a batch moves recipients out of `pending`). */
export function addTally(a: CampaignTally, b: CampaignTally): CampaignTally {
  return {
    counts: {
      audience: a.counts.audience + b.counts.audience,
      assigned: a.counts.assigned + b.counts.assigned,
      holdout: a.counts.holdout + b.counts.holdout,
      sent: a.counts.sent + b.counts.sent,
      skipped: addRecords(a.counts.skipped, b.counts.skipped),
      failed: a.counts.failed + b.counts.failed,
      pending: a.counts.pending + b.counts.pending,
    },
    sentByVariant: addRecords(a.sentByVariant, b.sentByVariant),
  };
}

function addRecords(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> {
  const sum: Record<string, number> = { ...a };
  for (const [key, value] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
}

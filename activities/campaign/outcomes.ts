import { deferRecipients, settleRecipients } from '../../db/repositories/campaign-recipients';
import type { DbOrTransaction } from '../../db/database';
import { addTally, type CampaignTally, EMPTY_TALLY } from '../../domain/campaign/counts';

type Outcome =
  | { readonly kind: 'sent'; readonly variant: string | null }
  | { readonly kind: 'skipped' | 'failed'; readonly reason: string; readonly variant: string | null }
  | { readonly kind: 'deferred'; readonly until: number };

/**
 * What a batch decided for each recipient, written back in one UPDATE per distinct outcome, and the change in the
 * campaign's counts it made (only rows that were still pending count, so a repeat never counts twice).
 */
export class BatchOutcomes {
  private readonly byRecipient = new Map<string, Outcome>();

  sent(customerId: string, variant: string | null): void {
    this.byRecipient.set(customerId, { kind: 'sent', variant });
  }

  skipped(customerId: string, variant: string | null, reason: string): void {
    this.byRecipient.set(customerId, { kind: 'skipped', reason, variant });
  }

  failed(customerId: string, variant: string | null, reason: string): void {
    this.byRecipient.set(customerId, { kind: 'failed', reason, variant });
  }

  deferred(customerId: string, until: number): void {
    this.byRecipient.set(customerId, { kind: 'deferred', until });
  }

  get size(): number {
    return this.byRecipient.size;
  }

  async write(db: DbOrTransaction, campaignId: string, keyPrefix: string, at: Date): Promise<CampaignTally> {
    const groups = new Map<string, { outcome: Outcome; ids: string[] }>();
    for (const [id, outcome] of this.byRecipient) {
      const key =
        outcome.kind === 'deferred'
          ? `deferred:${outcome.until}`
          : `${outcome.kind}:${outcome.kind === 'sent' ? '' : outcome.reason}:${outcome.variant ?? ''}`;
      const group = groups.get(key) ?? { outcome, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    let delta = EMPTY_TALLY;
    for (const { outcome, ids } of groups.values()) {
      if (outcome.kind === 'deferred') {
        await deferRecipients(db, campaignId, ids, new Date(outcome.until), at);
        continue;
      }
      const reason = outcome.kind === 'sent' ? null : outcome.reason;
      const n = await settleRecipients(db, campaignId, ids, { status: outcome.kind, reason }, keyPrefix, at);
      delta = addTally(delta, {
        counts: {
          audience: 0,
          assigned: 0,
          holdout: 0,
          sent: outcome.kind === 'sent' ? n : 0,
          skipped: outcome.kind === 'skipped' ? { [outcome.reason]: n } : {},
          failed: outcome.kind === 'failed' ? n : 0,
          pending: -n,
        },
        sentByVariant: outcome.kind === 'sent' && outcome.variant ? { [outcome.variant]: n } : {},
      });
    }
    return delta;
  }
}

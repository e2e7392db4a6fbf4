import type { DbOrTransaction } from '../database';
import type { NotificationRow } from '../tables/notifications';

/** Read-only views of the outbox for operators (`notify outbox`). */

export interface OutboxListing {
  /** Most rows to return. */
  readonly limit: number;
  readonly customerId?: string;
  /** Only rows claimed at or after this instant (for following); unset: the newest `limit` rows. */
  readonly since?: Date;
}

/**
 * Outbox rows, oldest first: the newest `limit` of them, or with `since` the first `limit` claimed from then on.
 * Ordered by claim time, then key, so a page boundary never splits differently between two calls.
 */
export async function listOutbox(db: DbOrTransaction, listing: OutboxListing): Promise<NotificationRow[]> {
  const base = db
    .selectFrom('notifications')
    .selectAll()
    .$if(listing.customerId !== undefined, (qb) => qb.where('customer_id', '=', listing.customerId as string));
  if (listing.since !== undefined) {
    return base
      .where('claimed_at', '>=', listing.since)
      .orderBy('claimed_at')
      .orderBy('idempotency_key')
      .limit(listing.limit)
      .execute();
  }
  const newest = await base
    .orderBy('claimed_at', 'desc')
    .orderBy('idempotency_key', 'desc')
    .limit(listing.limit)
    .execute();
  return newest.reverse();
}

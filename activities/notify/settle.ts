import { ApplicationFailure } from '@temporalio/activity';
import { foldDeliveryStatus, getNotification } from '../../db/repositories/outbox';
import { recordUnknownOutcome } from '../../db/repositories/outbox-attempt';
import type { NotificationRow } from '../../db/tables/notifications';
import type { SettleInput, SettleResult } from '../../domain/activity-contract';
import type { ActivityDeps } from '../deps';
import { newLease, takeOverEarlierClaim } from './claim';
import { earlierAttemptOf, reconcileClaimedSms } from './deliver-claimed';
import { claimHeldElsewhere } from './failures';

/** The typed reason a send that ran out of retries is failed with (`channel.gave_up` to workflows reading it). */
export const GAVE_UP = 'gave_up';

/**
 * Settles the row of a send whose activity gave up (transient failures until its schedule-to-close timeout), so no
 * row stays `claimed` for ever: an SMS is looked up at the provider first and recorded if found; an email whose last
 * attempt may have handed it over is recorded as unknown; anything else fails with the typed reason `gave_up`.
 * Waits (retryably) while an attempt still holds a live lease; never calls a provider's send.
 */
export function createSettleNotification(deps: ActivityDeps): (input: SettleInput) => Promise<SettleResult> {
  return async ({ key }) => {
    const now = deps.clock();
    const row = await getNotification(deps.db, key);
    if (!row) return { status: 'missing' };
    const lease = newLease(now);
    const takeover = await takeOverEarlierClaim(deps, row, lease, now);
    if (takeover.kind === 'held_elsewhere') throw claimHeldElsewhere(key);
    if (takeover.kind === 'settled') return settledAs(takeover.row);

    if (row.channel === 'sms') {
      const found = await reconcileClaimedSms(deps, row, lease);
      if (found) return { ...settledAs(found), reconciled: true, channel: 'sms' };
    } else if (row.channel === 'email' && earlierAttemptOf(row) === 'lapsed') {
      const unknown = await recordUnknownOutcome(deps.db, key, lease.token, deps.clock());
      if (unknown) return { status: 'sent', reconciled: true, channel: 'email' };
    }
    const failed = await foldDeliveryStatus(
      deps.db,
      { idempotencyKey: key },
      {
        status: 'failed',
        errorCode: GAVE_UP,
        errorMessage: 'the send gave up after retrying transient failures',
        failureReason: GAVE_UP,
        at: deps.clock(),
        leaseToken: lease.token,
      },
    );
    if (!failed.notification) throw ApplicationFailure.retryable(`notification ${key} vanished while settling`);
    return settledAs(failed.notification);
  };
}

function settledAs(row: NotificationRow): SettleResult {
  if (row.status === 'claimed') throw claimHeldElsewhere(row.idempotency_key);
  return { status: row.status };
}

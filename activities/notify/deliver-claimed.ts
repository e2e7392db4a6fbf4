import type { SmsMessageState } from '../../channels/sms';
import {
  type AttemptLease,
  getNotification,
  markNotificationSent,
  providerIdsRecordedElsewhere,
} from '../../db/repositories/outbox';
import { recordUnknownOutcome, withdrawHeldClaim } from '../../db/repositories/outbox-attempt';
import type { NotificationRow } from '../../db/tables/notifications';
import type { NotifyResult } from '../../domain/activity-contract';
import type { SendNow } from '../../domain/send-now';
import type { RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';
import { acceptedStatus, deliver, release, sentResult } from './deliver';
import { asFailure } from './failures';
import { warn } from './log';
import type { SendDeps } from './send-deps';

/**
 * The provider call for a row an earlier attempt claimed and never settled, which this attempt now holds. An SMS is first looked up at the provider (the earlier attempt may have gone out).
 * An email has no lookup: when the earlier attempt gave its lease back it had handed nothing over and the email is
 * sent; when its lease ran out instead (it died, or lost the relay's answer after DATA) the outcome is recorded as
 * unknown and counted, never resent. Outside the send window, a message not found is withdrawn and deferred.
 */
export async function deliverClaimed(
  deps: SendDeps,
  row: NotificationRow,
  rendered: RenderedMessage,
  lease: AttemptLease,
  window: SendNow,
  earlier: EarlierAttempt,
): Promise<NotifyResult> {
  const key = row.idempotency_key;
  if (row.channel === 'sms') {
    const found = await reconcileClaimedSms(deps, row, lease);
    if (found) return sentResult(found);
  } else if (earlier === 'lapsed') {
    const unknown = await recordUnknownOutcome(deps.db, key, lease.token, deps.clock());
    warn('email outcome unknown: recorded as sent, not resent', { notificationKey: key });
    return sentResult(unknown ?? (await currentRow(deps, key)) ?? row);
  }
  if (!window.open) {
    await withdrawHeldClaim(deps.db, key, lease.token, { reason: 'window_closed', at: deps.clock() });
    return { status: 'deferred', until: window.until, localTime: window.localTime, notificationKey: key };
  }
  return deliver(deps, row, rendered, lease);
}

/**
 * How the earlier attempt left the row: it gave its lease back (it failed before handing anything over), or the lease
 * lapsed (it died, or may have handed the message over: see `expireLease`).
 */
export type EarlierAttempt = 'released' | 'lapsed';

export function earlierAttemptOf(row: Pick<NotificationRow, 'attempt_token'>): EarlierAttempt {
  return row.attempt_token === null ? 'released' : 'lapsed';
}

async function currentRow(deps: ActivityDeps, key: string): Promise<NotificationRow | undefined> {
  return getNotification(deps.db, key);
}

/**
 * Looks a claimed SMS up at the provider and, when found (and not recorded under another key), records it as
 * reconciled under this attempt's lease; undefined when the provider has no such message. A failed lookup gives the
 * lease back and throws: nothing is known yet, so the row stays claimed and the next attempt looks again.
 */
export async function reconcileClaimedSms(
  deps: ActivityDeps,
  row: NotificationRow,
  lease: AttemptLease,
): Promise<NotificationRow | undefined> {
  const key = row.idempotency_key;
  const found = await deps.sms
    .lookup({ claim: { idempotencyKey: key, to: row.address ?? '', body: row.body ?? '', claimedAt: row.claimed_at } })
    .catch(async (err: unknown) => {
      await release(deps, key, lease);
      throw asFailure(err);
    });
  const ours = await notRecordedElsewhere(deps, key, found);
  const first = ours[0];
  if (!first) return undefined;
  const recorded = await markNotificationSent(deps.db, key, {
    provider: deps.providers.sms,
    providerMessageId: first.providerMessageId,
    status: acceptedStatus(first.status),
    at: deps.clock(),
    reconciled: { duplicates: ours.length - 1 },
    leaseToken: lease.token,
  });
  return recorded ?? (await currentRow(deps, key)) ?? row;
}

/** The found messages not already recorded under another key (see `providerIdsRecordedElsewhere`). */
async function notRecordedElsewhere(
  deps: ActivityDeps,
  key: string,
  found: readonly SmsMessageState[],
): Promise<SmsMessageState[]> {
  const taken = await providerIdsRecordedElsewhere(
    deps.db,
    key,
    found.map((m) => m.providerMessageId),
  );
  return found.filter((m) => !taken.has(m.providerMessageId));
}

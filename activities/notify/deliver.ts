import { isChannelError } from '../../channels/channel-error';
import type { SmsMessageState, SmsStatus } from '../../channels/sms';
import {
  type AttemptLease,
  type ClaimedNotification,
  foldDeliveryStatus,
  getNotification,
  markNotificationSent,
  providerIdsRecordedElsewhere,
  releaseClaim,
} from '../../db/repositories/outbox';
import {
  countLateCopy,
  expireLease,
  recordUnknownOutcome,
  withdrawHeldClaim,
} from '../../db/repositories/outbox-attempt';
import type { NotificationRow } from '../../db/tables/notifications';
import type { SendNow } from '../../domain/send-now';
import type { RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';
import { marketingOption } from '../unsubscribe-link';
import type { NotifyResult } from '../../domain/activity-contract';
import { asFailure } from './failures';
import { warn } from './log';
import { recordRecipientFailure } from './recipient-failure';
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
    const found = await deps.sms
      .lookup({
        claim: { idempotencyKey: key, to: row.address ?? '', body: row.body ?? '', claimedAt: row.claimed_at },
      })
      .catch(async (err: unknown) => {
        // Nothing is known about the message yet, so the row stays claimed; the next attempt looks again.
        await release(deps, key, lease);
        throw asFailure(err);
      });
    const ours = await notRecordedElsewhere(deps, key, found);
    const first = ours[0];
    if (first) {
      const settled = await markNotificationSent(deps.db, key, {
        provider: deps.providers.sms,
        providerMessageId: first.providerMessageId,
        status: acceptedStatus(first.status),
        at: deps.clock(),
        reconciled: { duplicates: ours.length - 1 },
        leaseToken: lease.token,
      });
      return sentResult(settled ?? (await currentRow(deps, key)) ?? row);
    }
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

/** The found messages not already recorded under another key (see `providerIdsRecordedElsewhere`). */
export async function notRecordedElsewhere(
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

/** Sends the claimed row's message once and records the provider's acceptance. */
export async function deliver(
  deps: SendDeps,
  row: ClaimedNotification,
  rendered: RenderedMessage,
  lease: AttemptLease,
): Promise<NotifyResult> {
  const key = row.idempotency_key;
  const address = row.address ?? '';
  let acceptance: { provider: string; providerMessageId: string; status: 'queued' | 'sent' };
  try {
    if (row.channel === 'sms') {
      const result = await deps.sms.send({ to: address, body: rendered.sms, idempotencyKey: key });
      acceptance = {
        provider: deps.providers.sms,
        providerMessageId: result.providerMessageId,
        status: acceptedStatus(result.status),
      };
    } else {
      const result = await deps.email.send({
        to: address,
        subject: rendered.email.subject,
        text: rendered.email.text,
        html: rendered.email.html,
        idempotencyKey: key,
        headers: { 'X-Notify-Purpose': row.purpose },
        ...marketingOption(deps, row.message_class, row.customer_id, address),
      });
      acceptance = { provider: deps.providers.email, providerMessageId: result.providerMessageId, status: 'sent' };
    }
  } catch (err) {
    throw await settleFailedSend(deps, row, lease, err);
  }
  const recorded = await deps.outbox.recordProviderAcceptance(key, {
    ...acceptance,
    at: deps.clock(),
    leaseToken: lease.token,
  });
  if (!recorded) return lateAcceptance(deps, key, acceptance.providerMessageId);
  return { status: 'sent', channel: row.channel as 'sms' | 'email', notificationKey: key };
}

/**
 * The provider took this attempt's message, but another attempt took the row over meanwhile (this one outlived its
 * lease): its record is refused so the new owner's stands, and a copy beside the one the row records is counted.
 */
async function lateAcceptance(deps: ActivityDeps, key: string, providerMessageId: string): Promise<NotifyResult> {
  const row = await countLateCopy(deps.db, key, providerMessageId);
  warn('provider accepted a message after the attempt lost its lease; its record was refused', {
    notificationKey: key,
    counted: row?.provider_message_id !== null && row?.provider_message_id !== providerMessageId,
  });
  if (!row) throw new Error(`notification ${key} vanished while being recorded`);
  return sentResult(row);
}

/**
 * Channel errors become failures Temporal understands: permanent ones non-retryable with a typed reason, stored on
 * the row and taught to the recipient's contact state; the rest retryable, with the claim released so the retry may
 * take it over at once. Only the masked summary travels: the raw provider error (`cause`) carries phone numbers and
 * addresses, and failures are stored in workflow histories.
 */
async function settleFailedSend(
  deps: ActivityDeps,
  row: ClaimedNotification,
  lease: AttemptLease,
  err: unknown,
): Promise<unknown> {
  const key = row.idempotency_key;
  if (isChannelError(err) && err.kind === 'permanent') {
    const at = deps.clock();
    const folded = await foldDeliveryStatus(
      deps.db,
      { idempotencyKey: key },
      {
        status: 'failed',
        errorCode: String(err.providerCode ?? err.reason),
        errorMessage: err.providerMessage ?? err.reason,
        failureReason: err.reason,
        at,
        leaseToken: lease.token,
      },
    );
    // Only the attempt still holding the row speaks for it; what the provider said about the contact stands anyway.
    await recordRecipientFailure(deps, row, err, at);
    if (!folded.applied && folded.notification?.status !== 'failed') {
      warn('permanent failure of an attempt that lost its lease; the row was left to its new owner', {
        notificationKey: key,
      });
    }
  } else if (row.channel === 'email' && isChannelError(err) && err.mayHaveBeenDelivered) {
    // The relay may have the message: the retry takes over at once but must not resend (see deliverClaimed).
    await expireLease(deps.db, key, lease.token, deps.clock()).catch(() => undefined);
  } else {
    await release(deps, key, lease);
  }
  return asFailure(err);
}

/**
 * Lets the next attempt take the row over at once. Best effort: if the database is unreachable too, the lease simply
 * runs out, and the error the caller is about to throw matters more than this one.
 */
async function release(deps: ActivityDeps, key: string, lease: AttemptLease): Promise<void> {
  await releaseClaim(deps.db, key, lease.token).catch(() => undefined);
}

/** The answer for a row that was sent: the same every time it is asked. */
export function sentResult(row: NotificationRow): NotifyResult {
  return {
    status: 'sent',
    channel: row.channel as 'sms' | 'email',
    notificationKey: row.idempotency_key,
    ...(row.reconciled_at === null ? {} : { reconciled: true as const }),
    ...(row.outcome_unknown_at === null ? {} : { outcomeUnknown: true as const }),
    ...(row.duplicate_count > 0 ? { duplicates: row.duplicate_count } : {}),
  };
}

function acceptedStatus(status: SmsStatus): 'queued' | 'sent' {
  return status === 'sent' || status === 'delivered' ? 'sent' : 'queued';
}

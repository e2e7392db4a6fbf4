import { isChannelError } from '../../channels/channel-error';
import type { SmsStatus } from '../../channels/sms';
import {
  type AttemptLease,
  type ClaimedNotification,
  foldDeliveryStatus,
  releaseClaim,
} from '../../db/repositories/outbox';
import { countLateCopy, expireLease } from '../../db/repositories/outbox-attempt';
import type { NotificationRow } from '../../db/tables/notifications';
import type { RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';
import { marketingOption } from '../unsubscribe-link';
import type { NotifyResult } from '../../domain/activity-contract';
import { AMBIGUOUS_SEND_HOLD_MS, hasTimeToCall, mayStillBeInFlight } from './claim';
import { asFailure, leaseRunningOut } from './failures';
import { warn } from './log';
import { recordRecipientFailure } from './recipient-failure';
import type { SendDeps } from './send-deps';

/** Sends the claimed row's message once and records the provider's acceptance. */
export async function deliver(
  deps: SendDeps,
  row: ClaimedNotification,
  rendered: RenderedMessage,
  lease: AttemptLease,
): Promise<NotifyResult> {
  const key = row.idempotency_key;
  const address = row.address ?? '';
  if (!hasTimeToCall(lease, deps.clock())) {
    // Nothing was handed over yet: give the row back rather than call the provider on a lease that may run out
    // mid-call and let a second attempt send too.
    await release(deps, key, lease);
    throw leaseRunningOut(key);
  }
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
        ...marketingOption(deps, {
          messageClass: row.message_class,
          customerId: row.customer_id,
          notificationKey: key,
        }),
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
  } else if (row.channel === 'sms' && isChannelError(err) && mayStillBeInFlight(err)) {
    // Twilio may still be processing the request the client gave up on: the retry looks the message up, but only
    // once the row's hold ends, so the lookup comes after the message rather than racing it.
    const holdUntil = new Date(deps.clock().getTime() + AMBIGUOUS_SEND_HOLD_MS);
    await expireLease(deps.db, key, lease.token, holdUntil).catch(() => undefined);
  } else {
    await release(deps, key, lease);
  }
  return asFailure(err);
}

/**
 * Lets the next attempt take the row over at once. Best effort: if the database is unreachable too, the lease simply
 * runs out, and the error the caller is about to throw matters more than this one.
 */
export async function release(deps: ActivityDeps, key: string, lease: AttemptLease): Promise<void> {
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

export function acceptedStatus(status: SmsStatus): 'queued' | 'sent' {
  return status === 'sent' || status === 'delivered' ? 'sent' : 'queued';
}

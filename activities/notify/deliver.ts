import { isChannelError } from '../../channels/channel-error';
import type { SmsMessageState, SmsStatus } from '../../channels/sms';
import {
  type AttemptLease,
  type ClaimedNotification,
  foldDeliveryStatus,
  markNotificationSent,
  providerIdsRecordedElsewhere,
  releaseClaim,
} from '../../db/repositories/outbox';
import type { NotificationRow } from '../../db/tables/notifications';
import type { RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';
import { marketingOption } from '../unsubscribe-link';
import type { NotifyResult } from '../../domain/activity-contract';
import { asFailure } from './failures';
import { recordRecipientFailure } from './recipient-failure';
import type { SendDeps } from './send-deps';

/**
 * The provider call for a row an earlier attempt claimed and never settled, which this attempt now holds: an SMS is
 * first looked up at the provider (the earlier attempt may have gone out), an email is resent with the same
 * Message-ID. A message found is recorded as reconciled, with any extra copies counted as duplicates.
 */
export async function deliverClaimed(
  deps: SendDeps,
  row: NotificationRow,
  rendered: RenderedMessage,
  lease: AttemptLease,
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
      });
      return sentResult(settled ?? row);
    }
  }
  return deliver(deps, row, rendered, lease);
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
  await deps.outbox.recordProviderAcceptance(key, { ...acceptance, at: deps.clock() });
  return { status: 'sent', channel: row.channel as 'sms' | 'email', notificationKey: key };
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
    await foldDeliveryStatus(
      deps.db,
      { idempotencyKey: key },
      {
        status: 'failed',
        errorCode: String(err.providerCode ?? err.reason),
        errorMessage: err.providerMessage ?? err.reason,
        failureReason: err.reason,
        at,
      },
    );
    await recordRecipientFailure(deps, row, err, at);
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
    ...(row.duplicate_count > 0 ? { duplicates: row.duplicate_count } : {}),
  };
}

function acceptedStatus(status: SmsStatus): 'queued' | 'sent' {
  return status === 'sent' || status === 'delivered' ? 'sent' : 'queued';
}

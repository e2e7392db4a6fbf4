import { ApplicationFailure } from '@temporalio/common';
import { isChannelError } from '../../channels/channel-error';
import type { SmsMessageState, SmsStatus } from '../../channels/sms';
import { foldDeliveryStatus, markNotificationSent } from '../../db/repositories/outbox';
import type { NotificationRow } from '../../db/tables/notifications';
import type { RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';
import type { NotifyResult } from '../types';

/**
 * The provider call, and what a retry does when it finds the key already claimed: an SMS is first looked up at the
 * provider (the earlier attempt may have gone out), an email is resent with the same Message-ID.
 */
export async function deliverClaimed(
  deps: ActivityDeps,
  row: NotificationRow,
  rendered: RenderedMessage,
): Promise<NotifyResult> {
  const key = row.idempotency_key;
  const sent: NotifyResult = { status: 'sent', channel: row.channel as 'sms' | 'email', notificationKey: key };
  if (row.channel === 'sms') {
    const found = await deps.sms
      .lookup({
        claim: { idempotencyKey: key, to: row.address ?? '', body: row.body ?? '', claimedAt: row.claimed_at },
      })
      .catch((err: unknown) => {
        // Nothing is known about the message yet, so the row stays claimed; the next attempt looks again.
        throw asFailure(err);
      });
    const first = (await notRecordedElsewhere(deps, key, found))[0];
    if (first) {
      await markNotificationSent(deps.db, key, {
        provider: deps.providers.sms,
        providerMessageId: first.providerMessageId,
        status: acceptedStatus(first.status),
        at: deps.clock(),
      });
      return sent;
    }
  }
  return deliver(deps, row, rendered);
}

/**
 * The lookup matches by number and body, and the same customer can get the same text twice within minutes (two
 * "got it, thank you" acknowledgements): a message already recorded for another key is that key's, not this one's.
 */
async function notRecordedElsewhere(
  deps: ActivityDeps,
  key: string,
  found: readonly SmsMessageState[],
): Promise<SmsMessageState[]> {
  if (found.length === 0) return [];
  const recorded = await deps.db
    .selectFrom('notifications')
    .select('provider_message_id')
    .where(
      'provider_message_id',
      'in',
      found.map((m) => m.providerMessageId),
    )
    .where('idempotency_key', '<>', key)
    .execute();
  const taken = new Set(recorded.map((r) => r.provider_message_id));
  return found.filter((m) => !taken.has(m.providerMessageId));
}

export async function deliver(
  deps: ActivityDeps,
  row: NotificationRow,
  rendered: RenderedMessage,
): Promise<NotifyResult> {
  const key = row.idempotency_key;
  const address = row.address ?? '';
  try {
    if (row.channel === 'sms') {
      const result = await deps.sms.send({ to: address, body: rendered.sms, idempotencyKey: key });
      await markNotificationSent(deps.db, key, {
        provider: deps.providers.sms,
        providerMessageId: result.providerMessageId,
        status: acceptedStatus(result.status),
        at: deps.clock(),
      });
      return { status: 'sent', channel: 'sms', notificationKey: key };
    }
    const result = await deps.email.send({
      to: address,
      subject: rendered.email.subject,
      text: rendered.email.text,
      html: rendered.email.html,
      idempotencyKey: key,
      headers: { 'X-Notify-Purpose': row.purpose },
    });
    await markNotificationSent(deps.db, key, {
      provider: deps.providers.email,
      providerMessageId: result.providerMessageId,
      status: 'sent',
      at: deps.clock(),
    });
    return { status: 'sent', channel: 'email', notificationKey: key };
  } catch (err) {
    throw await asActivityFailure(deps, key, err);
  }
}

/**
 * Channel errors become failures Temporal understands: permanent ones non-retryable with a typed reason, the rest
 * retryable. Only the masked summary travels: the raw provider error (`cause`) carries phone numbers and addresses,
 * and failures are stored in workflow histories.
 */
async function asActivityFailure(deps: ActivityDeps, key: string, err: unknown): Promise<unknown> {
  if (isChannelError(err) && err.kind === 'permanent') {
    await foldDeliveryStatus(
      deps.db,
      { idempotencyKey: key },
      {
        status: 'failed',
        errorCode: String(err.providerCode ?? err.reason),
        errorMessage: err.providerMessage ?? err.reason,
        at: deps.clock(),
      },
    );
  }
  return asFailure(err);
}

/** A channel error as a typed ApplicationFailure carrying only its masked summary; anything else unchanged. */
function asFailure(err: unknown): unknown {
  if (!isChannelError(err)) return err;
  return ApplicationFailure.create({
    message: `${err.channel} ${err.kind} failure: ${err.reason}`,
    type: `channel.${err.reason}`,
    nonRetryable: err.kind === 'permanent',
    details: [err.toJSON()],
  });
}

function acceptedStatus(status: SmsStatus): 'queued' | 'sent' {
  return status === 'sent' || status === 'delivered' ? 'sent' : 'queued';
}

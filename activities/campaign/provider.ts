import { type ChannelError, isChannelError } from '../../channels/channel-error';
import type { SmsStatus } from '../../channels/sms';
import type { Acceptance } from '../../db/repositories/campaign-outbox';
import { recordRecipientRefusal } from '../../db/repositories/recipient-refusal';
import { foldDeliveryStatus, providerIdsRecordedElsewhere } from '../../db/repositories/outbox';
import type { RenderedMessage } from '../../domain/templates/render';
import type { ActivityDeps } from '../deps';
import { marketingOption } from '../unsubscribe-link';

export interface OutgoingMessage {
  readonly key: string;
  readonly customerId: string;
  readonly channel: 'sms' | 'email';
  readonly address: string;
  /** The campaign's message class: marketing mail carries a one-click unsubscribe link. */
  readonly messageClass: string;
  readonly rendered: RenderedMessage;
  /** When the outbox row was claimed (an unconfirmed earlier claim is looked up at the provider from then on). */
  readonly claimedAt: Date;
}

export type ProviderOutcome =
  | { readonly ok: true; readonly acceptance: Acceptance }
  | { readonly ok: false; readonly permanent: boolean; readonly error: ChannelError | Error };

/** One provider call; channel errors come back as values so one bad number never fails the whole batch. */
export async function callProvider(deps: ActivityDeps, message: OutgoingMessage): Promise<ProviderOutcome> {
  try {
    if (message.channel === 'sms') {
      const result = await deps.sms.send({
        to: message.address,
        body: message.rendered.sms,
        idempotencyKey: message.key,
      });
      return accepted(message.key, deps.providers.sms, result.providerMessageId, acceptedStatus(result.status));
    }
    const result = await deps.email.send({
      to: message.address,
      subject: message.rendered.email.subject,
      text: message.rendered.email.text,
      html: message.rendered.email.html,
      idempotencyKey: message.key,
      headers: { 'X-Notify-Purpose': 'campaign' },
      ...marketingOption(deps, {
        messageClass: message.messageClass,
        customerId: message.customerId,
        notificationKey: message.key,
      }),
    });
    return accepted(message.key, deps.providers.email, result.providerMessageId, 'sent');
  } catch (err) {
    if (isChannelError(err)) return { ok: false, permanent: err.kind === 'permanent', error: err };
    return { ok: false, permanent: false, error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/**
 * An SMS claimed by an attempt that never recorded the provider's answer may have gone out: ask the provider before
 * sending again (a message already recorded under another key is that key's, not this one's). Email has no lookup:
 * the caller records it as unknown rather than resending (see send-batch.ts).
 */
export async function findEarlierSend(deps: ActivityDeps, message: OutgoingMessage): Promise<Acceptance | undefined> {
  if (message.channel !== 'sms') return undefined;
  const found = await deps.sms.lookup({
    claim: {
      idempotencyKey: message.key,
      to: message.address,
      body: message.rendered.sms,
      claimedAt: message.claimedAt,
    },
  });
  const takenIds = await providerIdsRecordedElsewhere(
    deps.db,
    message.key,
    found.map((m) => m.providerMessageId),
  );
  const ours = found.find((m) => !takenIds.has(m.providerMessageId));
  return ours
    ? {
        idempotencyKey: message.key,
        provider: deps.providers.sms,
        providerMessageId: ours.providerMessageId,
        status: acceptedStatus(ours.status),
      }
    : undefined;
}

/** A permanent refusal, recorded as the notify activity records it: the outbox row fails, a dead contact is marked. */
export async function recordPermanentFailure(
  deps: ActivityDeps,
  message: OutgoingMessage,
  error: ChannelError | Error,
  at: Date,
  leaseToken: string,
): Promise<string> {
  const reason = isChannelError(error) ? error.reason : 'failed';
  const code = isChannelError(error) ? String(error.providerCode ?? error.reason) : 'failed';
  await foldDeliveryStatus(
    deps.db,
    { idempotencyKey: message.key },
    {
      status: 'failed',
      errorCode: code,
      errorMessage: isChannelError(error) ? (error.providerMessage ?? reason) : reason,
      failureReason: reason,
      at,
      // Only while this batch still holds the row: one that took it over meanwhile speaks for it.
      leaseToken,
    },
  );
  // A dead contact or a provider-enforced opt-out is recorded exactly as notify and delivery reports record it.
  if (isChannelError(error) && error.concernsRecipient) {
    await recordRecipientRefusal(
      deps.db,
      { channel: message.channel, address: message.address, customer_id: message.customerId },
      reason,
      at,
    );
  }
  return reason;
}

function accepted(
  key: string,
  provider: string,
  providerMessageId: string,
  status: 'queued' | 'sent',
): ProviderOutcome {
  return { ok: true, acceptance: { idempotencyKey: key, provider, providerMessageId, status } };
}

function acceptedStatus(status: SmsStatus): 'queued' | 'sent' {
  return status === 'sent' || status === 'delivered' ? 'sent' : 'queued';
}

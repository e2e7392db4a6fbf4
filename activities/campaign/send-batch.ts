import { randomUUID } from 'node:crypto';
import { type AudienceMember, contactsByIds } from '../../db/repositories/campaign-audience';
import { insertNotificationsOnce, notificationsByKeys } from '../../db/repositories/campaign-outbox';
import { dueRecipients, type DueRecipient, earliestPending } from '../../db/repositories/campaign-recipients';
import { batchedOutboxWrites, releaseClaim, takeOverClaim } from '../../db/repositories/outbox';
import { recordUnknownOutcome } from '../../db/repositories/outbox-attempt';
import type { NewNotification, NotificationRow } from '../../db/tables/notifications';
import { nextSendTime } from '../../domain/send-window';
import type { ActivityDeps } from '../deps';
import { notFound } from './assign-page';
import { attemptScheduledAt, type BatchDeps, giveBack, recordAccepted } from './attempt';
import { mapWithConcurrency } from './concurrency';
import { BatchOutcomes } from './outcomes';
import { callProvider, findEarlierSend, type OutgoingMessage, recordPermanentFailure } from './provider';
import { productNames, renderCampaignCopy } from './render';
import { screenRecipients } from './screen';
import { type CampaignSettings, campaignKeyPrefix, loadCampaignSettings } from './settings';
import type { SendBatchInput, SendBatchResult } from '../../domain/campaign/activity-contract';

/** Provider calls in flight per batch. */
const PROVIDER_CONCURRENCY = 32;
/** A recipient whose send failed transiently, or whose row another live attempt holds, is retried this much later. */
const RETRY_LATER_MS = 30_000;
/** How long a claim is this attempt's alone before another may take it over (the attempt died). */
const LEASE_MS = 5 * 60_000;

/**
 * Sends to the next due recipients, up to `limit`, with the notify activity's guarantees: each recipient's message
 * has the key `campaign:<id>/campaign/<customerId>`, is claimed in the outbox before the provider is called, and
 * is never sent twice; opt-out, consent, caps and the send window are re-checked at send time.
 */
export function createSendCampaignBatch(
  activityDeps: ActivityDeps,
): (input: SendBatchInput) => Promise<SendBatchResult> {
  // Acceptances are recorded as they come, sharing statements among the batch's provider calls in flight.
  const deps: BatchDeps = { ...activityDeps, outbox: batchedOutboxWrites(activityDeps.db) };
  return async (input) => {
    const now = new Date(input.now);
    const settings = await loadCampaignSettings(deps.db, input.campaignId);
    if (!settings) throw notFound(input.campaignId);
    const due = await dueRecipients(deps.db, settings.id, now, input.limit + 1);
    const batch = due.slice(0, input.limit);
    const outcomes = new BatchOutcomes();
    const sent = batch.length > 0 ? await sendTo(deps, settings, batch, now, outcomes) : 0;
    const keyPrefix = campaignKeyPrefix(settings.id);
    const delta = await outcomes.write(deps.db, settings.id, keyPrefix, now);
    const moreDue = due.length > input.limit;
    const next = moreDue ? undefined : await earliestPending(deps.db, settings.id);
    return {
      processed: batch.length,
      sent,
      delta,
      moreDue,
      nextDueAt: moreDue ? input.now : next ? Math.max(next.getTime(), input.now) : null,
    };
  };
}

async function sendTo(
  deps: BatchDeps,
  settings: CampaignSettings,
  batch: readonly DueRecipient[],
  now: Date,
  outcomes: BatchOutcomes,
): Promise<number> {
  const def = settings.definition;
  const keyPrefix = campaignKeyPrefix(def.id);
  const keyOf = (customerId: string) => `${keyPrefix}${customerId}`;
  const [contacts, earlier, products] = await Promise.all([
    contactsByIds(
      deps.db,
      batch.map((r) => r.customer_id),
    ),
    notificationsByKeys(
      deps.db,
      batch.map((r) => keyOf(r.customer_id)),
    ),
    productNames(
      deps.db,
      batch.flatMap((r) => (r.order_id ? [r.order_id] : [])),
    ),
  ]);
  const contactOf = new Map(contacts.map((c) => [c.customerId, c]));
  const earlierOf = new Map(earlier.map((n) => [n.idempotency_key, n]));
  const templateOf = new Map(def.variants.map((v) => [v.name, v.template]));
  const window = deps.policy.windows[def.messageClass];
  // The window is judged at the moment of sending: a batch retried or picked up late must not message anyone whose
  // evening has ended since the workflow asked for it.
  const sendingAt = Math.max(now.getTime(), attemptScheduledAt() ?? 0);

  // Settled by an earlier attempt or run: its answer stands. Gone, or outside the window now: not this batch.
  const open: { recipient: DueRecipient; contact: AudienceMember; opensAt: number; claimed?: NotificationRow }[] = [];
  for (const recipient of batch) {
    const id = recipient.customer_id;
    const previous = earlierOf.get(keyOf(id));
    if (previous && previous.status !== 'claimed') {
      settleFromOutbox(outcomes, id, recipient.variant, previous);
      continue;
    }
    const contact = contactOf.get(id);
    if (!contact) {
      outcomes.skipped(id, recipient.variant, 'unknown_customer');
      continue;
    }
    const opensAt = nextSendTime(sendingAt, contact.timezone, window, deps.policy);
    if (!previous && opensAt > sendingAt) {
      outcomes.deferred(id, opensAt);
      continue;
    }
    open.push({ recipient, contact, opensAt, ...(previous ? { claimed: previous } : {}) });
  }

  const fresh = open.filter((o) => !o.claimed);
  const screened = await screenRecipients(
    deps,
    fresh.map((o) => o.contact),
    { channel: def.channel, messageClass: def.messageClass, now },
  );
  const lease = { token: randomUUID(), expiresAt: new Date(deps.clock().getTime() + LEASE_MS) };
  const messages: OutgoingMessage[] = [];
  const claims: NewNotification[] = [];
  const opensAtOf = new Map(open.map((o) => [o.recipient.customer_id, o.opensAt]));
  for (const { recipient, contact, claimed } of open) {
    const id = recipient.customer_id;
    const template = templateOf.get(recipient.variant ?? '') ?? def.variants[0]?.template ?? '';
    const rendered = renderCampaignCopy(
      deps,
      { customerName: contact.name, locale: contact.locale, orderId: recipient.order_id, template },
      products,
    );
    if (claimed) {
      messages.push({
        key: claimed.idempotency_key,
        customerId: id,
        channel: claimed.channel as 'sms' | 'email',
        address: claimed.address ?? '',
        messageClass: claimed.message_class,
        rendered,
        claimedAt: claimed.claimed_at,
      });
      continue;
    }
    const verdict = screened.get(id);
    if (!verdict?.ok) {
      outcomes.skipped(id, recipient.variant, verdict?.reason ?? 'no_contact');
      continue;
    }
    const message = {
      key: keyOf(id),
      customerId: id,
      channel: verdict.channel,
      address: verdict.address,
      messageClass: def.messageClass,
      rendered,
      claimedAt: now,
    };
    messages.push(message);
    claims.push(claimRow(settings, message, template, def.messageClass, lease, now));
  }

  // Claim every fresh key in one insert; a key someone else inserted meanwhile is treated like an earlier claim.
  const inserted = await insertNotificationsOnce(deps.db, claims);
  const variantOf = new Map(batch.map((r) => [r.customer_id, r.variant]));
  const toSend: OutgoingMessage[] = [];
  const reconcile: OutgoingMessage[] = [];
  for (const message of messages) {
    if (inserted.has(message.key)) toSend.push(message);
    else reconcile.push(message);
  }
  let sent = 0;
  await mapWithConcurrency(reconcile, PROVIDER_CONCURRENCY, async (message) => {
    const variant = variantOf.get(message.customerId) ?? null;
    const [row] = await notificationsByKeys(deps.db, [message.key]);
    if (row && row.status !== 'claimed') return settleFromOutbox(outcomes, message.customerId, variant, row);
    const owned = await takeOverClaim(deps.db, message.key, lease, deps.clock());
    if (!owned) return outcomes.deferred(message.customerId, now.getTime() + RETRY_LATER_MS);
    const earlier = { ...message, claimedAt: owned.claimed_at };
    if (message.channel === 'email' && row !== undefined && row.attempt_token !== null) {
      // No lookup for plain SMTP, and the attempt that claimed it may have handed it over: never resend.
      await recordUnknownOutcome(deps.db, message.key, lease.token, deps.clock());
      sent += 1;
      return outcomes.sent(message.customerId, variant);
    }
    const found = await findEarlierSend(deps, earlier);
    if (found) {
      await recordAccepted(deps, found, lease.token, true);
      sent += 1;
      return outcomes.sent(message.customerId, variant);
    }
    const opensAt = opensAtOf.get(message.customerId) ?? sendingAt;
    if (opensAt > sendingAt) {
      // Not at the provider, and the window has closed since it was claimed: the key stays, the send waits.
      await releaseClaim(deps.db, message.key, lease.token);
      return outcomes.deferred(message.customerId, opensAt);
    }
    toSend.push({ ...message, channel: owned.channel as 'sms' | 'email', address: owned.address ?? message.address });
  });

  await mapWithConcurrency(toSend, PROVIDER_CONCURRENCY, async (message) => {
    const variant = variantOf.get(message.customerId) ?? null;
    const outcome = await callProvider(deps, message);
    if (outcome.ok) {
      // Recorded now, not at the end of the batch: a batch that dies later must not leave accepted messages claimed.
      await recordAccepted(deps, outcome.acceptance, lease.token, false);
      sent += 1;
      return outcomes.sent(message.customerId, variant);
    }
    if (outcome.permanent) {
      const reason = await recordPermanentFailure(deps, message, outcome.error, now, lease.token);
      return outcomes.failed(message.customerId, variant, reason);
    }
    await giveBack(deps, message, lease.token, outcome.error);
    outcomes.deferred(message.customerId, now.getTime() + RETRY_LATER_MS);
  });
  return sent;
}

function settleFromOutbox(outcomes: BatchOutcomes, id: string, variant: string | null, row: NotificationRow): void {
  if (row.status === 'suppressed') {
    const reason = row.refusal_reason === 'frequency_capped' ? 'capped' : (row.refusal_reason ?? 'opted_out');
    outcomes.skipped(id, variant, reason);
  } else if (row.status === 'failed' || row.status === 'undelivered') {
    outcomes.failed(id, variant, row.failure_reason ?? row.error_code ?? 'failed');
  } else {
    outcomes.sent(id, variant);
  }
}

function claimRow(
  settings: CampaignSettings,
  message: OutgoingMessage,
  template: string,
  messageClass: string,
  lease: { readonly token: string; readonly expiresAt: Date },
  now: Date,
): NewNotification {
  const sms = message.channel === 'sms';
  return {
    idempotency_key: message.key,
    workflow_id: `campaign:${settings.id}`,
    purpose: 'campaign',
    customer_id: message.customerId,
    channel: message.channel,
    address: message.address,
    template: 'campaign',
    variant: template,
    locale: message.rendered.locale,
    subject: sms ? null : message.rendered.email.subject,
    body: sms ? message.rendered.sms : message.rendered.email.text,
    message_class: messageClass,
    status: 'claimed',
    reply_expires_at: null,
    claimed_at: now,
    updated_at: now,
    attempt_token: lease.token,
    attempt_expires_at: lease.expiresAt,
  };
}

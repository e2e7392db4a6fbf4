import {
  type AttemptLease,
  batchedOutboxWrites,
  getNotification,
  type NotificationClaim,
} from '../../db/repositories/outbox';
import { loadSendContext, type SendCustomer } from '../../db/repositories/send-context';
import type { NotificationRow } from '../../db/tables/notifications';
import type { MessageClass } from '../../domain/policy';
import { sendNow, type SendNow } from '../../domain/send-now';
import { PURPOSES } from '../../domain/templates/purposes';
import { pickLocale, renderMessage, type RenderedMessage } from '../../domain/templates/render';
import { createReplyToken } from '../../security/reply-token';
import type { ActivityDeps } from '../deps';
import type { NotifyInput, NotifyResult, RefusalReason } from '../../domain/activity-contract';
import { chooseChannel } from './choose-channel';
import { newLease, takeOverEarlierClaim } from './claim';
import { deliver, sentResult } from './deliver';
import { deliverClaimed, earlierAttemptOf } from './deliver-claimed';
import { claimHeldElsewhere, settledFailure } from './failures';
import type { SendDeps } from './send-deps';
import { loadVariables } from './variables';

/**
 * The one path every customer message takes (architecture.md 5): load the customer, choose the channel, refuse with
 * a recorded reason when opted out, unconsented, capped or unreachable, render in their language, claim the outbox
 * row, send, record the provider's id. Safe to run any number of times for the same key, also at the same time: only
 * the attempt holding the claim calls the provider.
 *
 * The usual send costs three statements: one to load everything the decision needs, the claim, and the record of
 * the provider's acceptance. Sends in flight together share their claim and record statements (`batchedOutboxWrites`,
 * one per notify activity), so under load those two are a fraction of a round trip each.
 */
export function createNotify(activityDeps: ActivityDeps): (input: NotifyInput) => Promise<NotifyResult> {
  const deps: SendDeps = { ...activityDeps, outbox: batchedOutboxWrites(activityDeps.db) };
  return async (input) => {
    const now = deps.clock();
    const messageClass = input.messageClass ?? deps.policy.classes[input.purpose];
    const cap = deps.policy.frequencyCaps[messageClass];
    const context = await loadSendContext(deps.db, {
      customerId: input.customerId,
      key: input.key,
      asOf: now,
      needsConsent: messageClass === 'marketing',
      ...(cap ? { cap: { messageClass, since: new Date(now.getTime() - cap.perMs) } } : {}),
    });
    const claim = claimOf(input, messageClass, now);
    if (!context) return refuse(deps, claim, 'unknown_customer');
    const window = sendNow(now.getTime(), context.customer.timezone, input.purpose, messageClass, deps.policy);
    if (context.earlierStatus !== null) return resumeEarlier(deps, input, context.customer, window, now);
    // Checked here, with the claim, not only when the send was planned: a timer that fired late claims nothing.
    if (!window.open) return deferred(input.key, window);

    const choice = chooseChannel(context, messageClass, input.channel);
    if (!choice.ok) return refuse(deps, claim, choice.reason);
    if (cap && context.recentCount >= cap.max) return refuse(deps, claim, 'frequency_capped');

    const rendered = await render(deps, input, context.customer, now);
    const lease = newLease(now);
    const claimResult = await deps.outbox.claim({
      ...claim,
      channel: choice.channel,
      address: choice.address,
      locale: rendered.locale,
      subject: choice.channel === 'email' ? rendered.email.subject : null,
      body: choice.channel === 'sms' ? rendered.sms : rendered.email.text,
      lease,
    });
    if (claimResult.claimed) return deliver(deps, claimResult.notification, rendered, lease);
    // Another attempt claimed the key between our load and our claim.
    return continueClaim(deps, claimResult.notification, rendered, lease, now);
  };
}

/**
 * A key an earlier attempt already decided about: a settled one answers as it did then; a claimed one keeps the
 * channel and address it chose (the message may already be at the provider) and is reconciled before any resend.
 */
async function resumeEarlier(
  deps: SendDeps,
  input: NotifyInput,
  customer: SendCustomer,
  window: SendNow,
  now: Date,
): Promise<NotifyResult> {
  const earlier = await getNotification(deps.db, input.key);
  if (!earlier) throw new Error(`notification ${input.key} vanished while being read`);
  if (earlier.status !== 'claimed') return settled(earlier);
  const rendered = await render(deps, input, customer, now);
  return continueClaim(deps, earlier, rendered, newLease(now), now, window);
}

async function continueClaim(
  deps: SendDeps,
  row: NotificationRow,
  rendered: RenderedMessage,
  lease: AttemptLease,
  now: Date,
  window: SendNow = { open: true },
): Promise<NotifyResult> {
  const takeover = await takeOverEarlierClaim(deps, row, lease, now);
  if (takeover.kind === 'held_elsewhere') throw claimHeldElsewhere(row.idempotency_key);
  if (takeover.kind === 'settled') return settled(takeover.row);
  return deliverClaimed(deps, takeover.row, rendered, lease, window, earlierAttemptOf(row));
}

function claimOf(input: NotifyInput, messageClass: MessageClass, now: Date): NotificationClaim {
  return {
    idempotencyKey: input.key,
    workflowId: input.workflowId,
    purpose: input.purpose,
    customerId: input.customerId,
    channel: 'none',
    address: null,
    template: input.purpose,
    variant: input.variant ?? null,
    locale: null,
    subject: null,
    body: null,
    messageClass,
    replyExpiresAt: input.replyWindowMs ? new Date(now.getTime() + input.replyWindowMs) : null,
    claimedAt: now,
  };
}

async function render(
  deps: ActivityDeps,
  input: NotifyInput,
  customer: SendCustomer,
  now: Date,
): Promise<RenderedMessage> {
  // The locale the copy will be in, not the customer's own: a `fr` customer reads zh-CN copy, so its dates and
  // durations must be written the zh-CN way too.
  const locale = pickLocale(deps.catalogs, customer.locale, deps.policy.localeFallback);
  const variables = await loadVariables(
    deps.db,
    customer,
    input.context,
    input.facts,
    locale,
    deps.shop.name,
    deps.shop.supportContact,
  );
  return renderMessage(deps.catalogs, deps.policy.localeFallback, {
    purpose: input.purpose,
    locale,
    variables,
    ...(input.variant ? { variant: input.variant } : {}),
    ...(input.replyWindowMs ? { optionLinks: optionLinks(deps, input, now) } : {}),
  });
}

/**
 * One link per menu option, so email recipients can answer with a click. The link works until the earlier of the
 * prompt's reply window (after which an answer would reach no open question) and `api.replyLinkTtl` (the operator's
 * cap on how long any emailed capability stays usable).
 */
function optionLinks(deps: ActivityDeps, input: NotifyInput, now: Date): Record<number, string> {
  const menu = PURPOSES[input.purpose].menu;
  if (!menu || !input.replyWindowMs) return {};
  const expiresAt = Math.floor((now.getTime() + Math.min(input.replyWindowMs, deps.links.replyTtlMs)) / 1000);
  const token = createReplyToken(deps.links.keys.replyLinks, { promptKey: input.key, expiresAt });
  const choices = Object.keys(deps.catalogs[deps.policy.localeFallback[0] ?? 'zh-CN']?.menus[menu].labels ?? {});
  return Object.fromEntries(
    choices.map((choice) => [Number(choice), `${deps.links.publicUrl}/v1/reply/${token}?choice=${choice}`]),
  );
}

async function refuse(deps: SendDeps, claim: NotificationClaim, reason: RefusalReason): Promise<NotifyResult> {
  const result = await deps.outbox.refuse(claim, reason);
  if (result.claimed) return refused(result.notification);
  // A concurrent attempt claimed the key first and may be sending: its outcome, not this refusal, is the answer.
  if (result.notification.status === 'claimed') throw claimHeldElsewhere(claim.idempotencyKey);
  return settled(result.notification);
}

/** The answer for a key an earlier attempt already settled: the same answer, every time. */
function settled(row: NotificationRow): NotifyResult {
  if (row.status === 'suppressed') return refused(row);
  if (row.status === 'failed' || row.status === 'undelivered') throw settledFailure(row);
  return sentResult(row);
}

function deferred(key: string, window: SendNow & { open: false }): NotifyResult {
  return { status: 'deferred', until: window.until, localTime: window.localTime, notificationKey: key };
}

function refused(row: Pick<NotificationRow, 'refusal_reason' | 'idempotency_key'>): NotifyResult {
  return {
    status: 'refused',
    reason: (row.refusal_reason ?? 'opted_out') as RefusalReason,
    notificationKey: row.idempotency_key,
  };
}

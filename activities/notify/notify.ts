import { ApplicationFailure } from '@temporalio/common';
import { getCustomer } from '../../db/repositories/customers';
import {
  claimNotification,
  countRecentNotifications,
  getNotification,
  type NotificationClaim,
  recordRefusal,
} from '../../db/repositories/outbox';
import type { CustomerRow } from '../../db/tables/customers';
import type { NotificationRow } from '../../db/tables/notifications';
import { PURPOSES } from '../../domain/templates/purposes';
import { pickLocale, renderMessage, type RenderedMessage } from '../../domain/templates/render';
import { createReplyToken } from '../../security/reply-token';
import type { ActivityDeps } from '../deps';
import type { NotifyInput, NotifyResult, RefusalReason } from '../types';
import { chooseChannel } from './choose-channel';
import { deliver, deliverClaimed } from './deliver';
import { loadVariables } from './variables';

/**
 * The one path every customer message takes (architecture.md 5): load the customer, choose the channel, refuse with
 * a recorded reason when opted out, unconsented or capped, render in their language, claim the outbox row, send,
 * record the provider's id. Safe to run any number of times for the same key.
 */
export function createNotify(deps: ActivityDeps): (input: NotifyInput) => Promise<NotifyResult> {
  return async (input) => {
    const now = deps.clock();
    const [customer, earlier] = await Promise.all([
      getCustomer(deps.db, input.customerId),
      getNotification(deps.db, input.key),
    ]);
    if (earlier && earlier.status !== 'claimed') return settled(earlier);

    const messageClass = input.messageClass ?? deps.policy.classes[input.purpose];
    const claim: NotificationClaim = {
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
    if (!customer) return refuse(deps, claim, 'unknown_customer');

    const choice = earlier
      ? { ok: true as const, channel: earlier.channel as 'sms' | 'email', address: earlier.address ?? '' }
      : await chooseChannel(deps.db, customer, messageClass, now);
    if (!choice.ok) return refuse(deps, claim, choice.reason);

    const cap = deps.policy.frequencyCaps[messageClass];
    if (cap && !earlier) {
      const since = new Date(now.getTime() - cap.perMs);
      const recent = await countRecentNotifications(deps.db, { customerId: customer.id, messageClass, since });
      if (recent >= cap.max) return refuse(deps, claim, 'frequency_capped');
    }

    const rendered = await render(deps, input, customer, now);
    const body = choice.channel === 'sms' ? rendered.sms : rendered.email.text;
    const subject = choice.channel === 'email' ? rendered.email.subject : null;
    const { notification, claimed } = await claimNotification(deps.db, {
      ...claim,
      channel: choice.channel,
      address: choice.address,
      locale: rendered.locale,
      subject,
      body,
    });
    if (notification.status !== 'claimed') return settled(notification);
    // Claimed now: send. Claimed by an earlier attempt that never recorded a result: reconcile first.
    return claimed ? deliver(deps, notification, rendered) : deliverClaimed(deps, notification, rendered);
  };
}

async function render(
  deps: ActivityDeps,
  input: NotifyInput,
  customer: CustomerRow,
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

/** One signed link per menu option, so email recipients can answer with a click. */
function optionLinks(deps: ActivityDeps, input: NotifyInput, now: Date): Record<number, string> {
  const menu = PURPOSES[input.purpose].menu;
  if (!menu || !input.replyWindowMs) return {};
  const expiresAt = Math.floor((now.getTime() + input.replyWindowMs) / 1000);
  const token = createReplyToken(deps.replyLinks.secret, { promptKey: input.key, expiresAt });
  const choices = Object.keys(deps.catalogs[deps.policy.localeFallback[0] ?? 'zh-CN']?.menus[menu].labels ?? {});
  return Object.fromEntries(
    choices.map((choice) => [Number(choice), `${deps.replyLinks.publicUrl}/v1/reply/${token}?choice=${choice}`]),
  );
}

async function refuse(deps: ActivityDeps, claim: NotificationClaim, reason: RefusalReason): Promise<NotifyResult> {
  const { notification } = await recordRefusal(deps.db, claim, reason);
  return settled(notification);
}

/** The answer for a key an earlier attempt already settled: the same answer, every time. */
function settled(row: NotificationRow): NotifyResult {
  const key = row.idempotency_key;
  if (row.status === 'suppressed') {
    return { status: 'refused', reason: (row.refusal_reason ?? 'opted_out') as RefusalReason, notificationKey: key };
  }
  if (row.status === 'failed' || row.status === 'undelivered') {
    throw ApplicationFailure.create({
      message: `${row.channel} message ${key} failed: ${row.error_code ?? 'unknown error'}`,
      type: `channel.${row.error_code ?? 'failed'}`,
      nonRetryable: true,
    });
  }
  return { status: 'sent', channel: row.channel as 'sms' | 'email', notificationKey: key };
}

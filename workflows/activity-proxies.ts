import {
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { DeliveryActivities, NotifyActivities, NotifyInput, NotifyResult } from '../domain/activity-contract';

/**
 * How workflows reach activities. Sends retry transient failures with backoff for a bounded time (a message hours
 * late is worse than a recorded failure); permanent ones come back non-retryable and are recorded, not retried.
 */
const sendOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '2 hours',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};

export const activities = proxyActivities<NotifyActivities>(sendOptions);

/** Planning is quick, local and recorded in history, so replays never recompute time-zone rules. */
export const planning = proxyLocalActivities<Pick<NotifyActivities, 'planSend'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/**
 * Settling a send that gave up: it waits (by retrying) for any attempt still holding the row's lease, which is at
 * most the claim lease of a minute, then decides without calling a provider's send.
 */
const delivery = proxyActivities<DeliveryActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

/** Patch id: a send that gave up is settled (reconciled or failed `gave_up`) instead of leaving its row claimed. */
const SETTLE_GAVE_UP = 'settle-gave-up';

export type SendOutcome = NotifyResult | { readonly status: 'failed'; readonly reason: string };

/** Sends one customer message; a permanent failure is returned as an outcome so the journey carries on. */
export async function notifyCustomer(input: NotifyInput): Promise<SendOutcome> {
  try {
    return await activities.notify.executeWithOptions(
      { ...sendOptions, summary: `${input.purpose} to customer ${input.customerId}` },
      [input],
    );
  } catch (err) {
    if (err instanceof ActivityFailure) {
      const cause = err.cause as { type?: string; message?: string } | undefined;
      if (gaveUp(err) && patched(SETTLE_GAVE_UP)) return settleGaveUp(input.key);
      return { status: 'failed', reason: cause?.type ?? cause?.message ?? 'failed' };
    }
    throw err;
  }
}

/**
 * Not a permanent answer from the provider but transient trouble until the retries ran out (or a timeout): the row
 * may still be `claimed`, with or without a message at the provider.
 */
function gaveUp(err: ActivityFailure): boolean {
  return !(err.cause instanceof ApplicationFailure && err.cause.nonRetryable);
}

async function settleGaveUp(key: string): Promise<SendOutcome> {
  try {
    const settled = await delivery.settleNotification({ key });
    if (settled.reconciled && settled.channel) {
      return { status: 'sent', channel: settled.channel, notificationKey: key, reconciled: true };
    }
    return { status: 'failed', reason: 'channel.gave_up' };
  } catch (err) {
    // Even settling could not finish (the database was away for half an hour): the journey carries on regardless.
    if (err instanceof ActivityFailure) return { status: 'failed', reason: 'channel.gave_up' };
    throw err;
  }
}

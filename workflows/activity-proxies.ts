import { ActivityFailure, type ActivityOptions, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { NotifyActivities, NotifyInput, NotifyResult } from '../domain/activity-contract';

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
      return { status: 'failed', reason: cause?.type ?? cause?.message ?? 'failed' };
    }
    throw err;
  }
}

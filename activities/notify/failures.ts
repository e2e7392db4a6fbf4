import { ApplicationFailure } from '@temporalio/common';
import { isChannelError } from '../../channels/channel-error';
import type { NotificationRow } from '../../db/tables/notifications';

/** A channel error as a typed ApplicationFailure carrying only its masked summary; anything else unchanged. */
export function asFailure(err: unknown): unknown {
  if (!isChannelError(err)) return err;
  return ApplicationFailure.create({
    message: `${err.channel} ${err.kind} failure: ${err.reason}`,
    type: `channel.${err.reason}`,
    nonRetryable: err.kind === 'permanent',
    details: [err.toJSON()],
  });
}

/**
 * The failure a re-run of a key that failed for good answers with: the same type as the first attempt's
 * (`channel.<reason>`), so workflows see one outcome however often the activity runs. Rows failed by a delivery
 * report carry no typed reason; they fail as `channel.failed`.
 */
export function settledFailure(row: NotificationRow): ApplicationFailure {
  const reason = row.failure_reason ?? 'failed';
  const code = row.error_code ? ` (provider code ${row.error_code})` : '';
  return ApplicationFailure.create({
    message: `${row.channel} message ${row.idempotency_key} failed: ${reason}${code}`,
    type: `channel.${reason}`,
    nonRetryable: true,
  });
}

/**
 * Another attempt holds the key's claim and may be calling the provider right now: this one must not. Retryable,
 * so Temporal tries again after backoff, by when the other attempt has settled the row (or its lease ran out).
 */
export function claimHeldElsewhere(key: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `message ${key} is being sent by another attempt`,
    type: 'channel.in_progress',
    nonRetryable: false,
  });
}

/**
 * This attempt's lease ran too low before the provider call (it waited on a busy worker or database): it sends
 * nothing and gives the row back, and the retry claims it with a fresh lease.
 */
export function leaseRunningOut(key: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `message ${key} was not sent: the attempt's claim was about to run out`,
    type: 'channel.lease_running_out',
    nonRetryable: false,
  });
}

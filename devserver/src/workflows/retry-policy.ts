import { temporal } from '@temporalio/proto';
import { durationToMs, msToDuration } from '../proto/time';

type RetryPolicy = temporal.api.common.v1.IRetryPolicy;
type Failure = temporal.api.failure.v1.IFailure;
export const RetryState = temporal.api.enums.v1.RetryState;
export type RetryState = temporal.api.enums.v1.RetryState;

/** Fills Temporal's defaults: 1 s initial interval, coefficient 2, maximum 100 × initial, unlimited attempts. */
export function withRetryDefaults(policy: RetryPolicy | null | undefined): RetryPolicy {
  const initialMs = durationToMs(policy?.initialInterval) || 1000;
  const maximumMs = durationToMs(policy?.maximumInterval) || initialMs * 100;
  return {
    initialInterval: msToDuration(initialMs),
    backoffCoefficient: policy?.backoffCoefficient || 2,
    maximumInterval: msToDuration(maximumMs),
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
  };
}

/** Why a retry policy is invalid, or undefined. */
export function retryPolicyProblem(policy: RetryPolicy | null | undefined): string | undefined {
  if (!policy) return undefined;
  const initialMs = durationToMs(policy.initialInterval);
  const maximumMs = durationToMs(policy.maximumInterval);
  if (initialMs < 0) return 'InitialInterval cannot be negative on retry policy.';
  if ((policy.backoffCoefficient ?? 0) !== 0 && (policy.backoffCoefficient ?? 0) < 1) {
    return 'BackoffCoefficient cannot be less than 1 on retry policy.';
  }
  if (maximumMs < 0) return 'MaximumInterval cannot be negative on retry policy.';
  if (maximumMs > 0 && maximumMs < initialMs) {
    return 'MaximumInterval cannot be less than InitialInterval on retry policy.';
  }
  if ((policy.maximumAttempts ?? 0) < 0) return 'MaximumAttempts cannot be negative on retry policy.';
  return undefined;
}

export type RetryDecision = { retry: true; backoffMs: number } | { retry: false; state: RetryState };

/**
 * Whether attempt `attempt` (which just failed with `failure`, or timed out when `failure` is a timeout) may be
 * retried, and after how long. `deadlineMs` 0 means no overall deadline.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  failure: Failure | null | undefined,
  nowMs: number,
  deadlineMs: number,
): RetryDecision {
  const info = failure?.applicationFailureInfo;
  if (info?.nonRetryable || (info?.type && policy.nonRetryableErrorTypes?.includes(info.type))) {
    return { retry: false, state: RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE };
  }
  const maximumAttempts = policy.maximumAttempts ?? 0;
  if (maximumAttempts > 0 && attempt >= maximumAttempts) {
    return { retry: false, state: RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED };
  }
  const explicitDelayMs = durationToMs(info?.nextRetryDelay);
  const initialMs = durationToMs(policy.initialInterval);
  const maximumMs = durationToMs(policy.maximumInterval);
  const computed = initialMs * Math.pow(policy.backoffCoefficient ?? 2, attempt - 1);
  const backoffMs = explicitDelayMs > 0 ? explicitDelayMs : maximumMs > 0 ? Math.min(computed, maximumMs) : computed;
  if (deadlineMs > 0 && nowMs + backoffMs >= deadlineMs) {
    return { retry: false, state: RetryState.RETRY_STATE_TIMEOUT };
  }
  return { retry: true, backoffMs };
}

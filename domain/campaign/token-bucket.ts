/**
 * The campaign pacer: a token bucket on workflow time. Tokens accrue at `ratePerSecond` up to `capacity`; a batch
 * may start once the bucket holds a batch's worth and spends one token per message actually sent. Pure and
 * serialisable, so it is carried across batches and continue-as-new, and over any interval T at most
 * `capacity + rate × T` messages go out.
 */

export interface TokenBucket {
  readonly tokens: number;
  /** Workflow time (epoch ms) `tokens` was counted at. */
  readonly at: number;
}

export interface BucketRule {
  readonly ratePerSecond: number;
  readonly capacity: number;
}

/** A new bucket holding one batch: the first batch goes at once, the rest at the rate. */
export function newBucket(now: number, batch: number): TokenBucket {
  return { tokens: batch, at: now };
}

export function refill(bucket: TokenBucket, now: number, rule: BucketRule): TokenBucket {
  if (now <= bucket.at) return bucket;
  const tokens = Math.min(rule.capacity, bucket.tokens + ((now - bucket.at) * rule.ratePerSecond) / 1000);
  return { tokens, at: now };
}

/** Milliseconds from `now` until the bucket holds `want` tokens (0 when it already does). */
export function waitFor(bucket: TokenBucket, now: number, want: number, rule: BucketRule): number {
  const need = Math.min(want, rule.capacity) - refill(bucket, now, rule).tokens;
  return need <= 0 ? 0 : Math.ceil((need * 1000) / rule.ratePerSecond);
}

/** The bucket after `sent` messages went out in a batch that started at `startedAt`. */
export function spend(bucket: TokenBucket, startedAt: number, sent: number, rule: BucketRule): TokenBucket {
  const filled = refill(bucket, startedAt, rule);
  return { tokens: filled.tokens - sent, at: filled.at };
}

/**
 * How many recipients one send activity takes at this pace: about a second's worth (so the pace is smooth and a
 * pause takes effect within a second or so), at least 1, at most `maxBatch` (an activity's sensible size).
 */
export function batchSizeFor(ratePerSecond: number, maxBatch: number): number {
  return Math.max(1, Math.min(maxBatch, Math.ceil(ratePerSecond)));
}

/**
 * Capacity a quarter batch above one batch: a timer that fires a little late keeps the tokens that accrued meanwhile
 * (so the pace does not drift low), while an idle bucket never allows much more than one batch at once.
 */
export function bucketRule(ratePerSecond: number, batch: number): BucketRule {
  return { ratePerSecond, capacity: Math.ceil(batch * 1.25) };
}

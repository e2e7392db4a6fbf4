import { createHash } from 'node:crypto';

/**
 * Stable cohort assignment: the same customer always lands in the same group of the same campaign, whichever page,
 * run or retry assigns them, and different campaigns shuffle customers independently.
 */

export type RecipientCohort = { readonly holdout: true } | { readonly holdout: false; readonly variant: string };

/** sha-256 of `<campaignId>:<customerId>`, its first 48 bits as a number in [0, 1). */
export function cohortPoint(campaignId: string, customerId: string): number {
  const digest = createHash('sha256').update(`${campaignId}:${customerId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/**
 * The hold-out takes the bottom `holdoutShare` of [0, 1); the rest is split among the variants by weight, in the
 * order given. Rescaling the remainder keeps each variant's share of the messaged recipients equal to its weight share.
 */
export function assignRecipient(
  campaignId: string,
  customerId: string,
  holdoutShare: number,
  variants: readonly { readonly name: string; readonly weight: number }[],
): RecipientCohort {
  const point = cohortPoint(campaignId, customerId);
  if (point < holdoutShare) return { holdout: true };
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const within = ((point - holdoutShare) / (1 - holdoutShare)) * total;
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight;
    if (within < upTo) return { holdout: false, variant: variant.name };
  }
  // Rounding can leave `within` a hair above the last boundary.
  const last = variants[variants.length - 1];
  if (!last) throw new RangeError('a campaign needs at least one variant');
  return { holdout: false, variant: last.name };
}

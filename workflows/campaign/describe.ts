import type { CampaignProgress } from './contract';

/** Progress in words, for the Temporal UI's current details and the final memo. */
export function describeProgress(p: CampaignProgress): string {
  const c = p.counts;
  const skipped = Object.entries(c.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const variants = Object.entries(p.sentByVariant)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const rate = p.rate.achieved === null ? '' : `, ${p.rate.achieved}/s achieved`;
  return [
    `campaign ${p.campaignId}: ${p.status}${p.audienceComplete ? '' : ' (audience still being read)'}`,
    `audience ${c.audience}: sent ${c.sent}, pending ${c.pending}, failed ${c.failed}, skipped ${skipped || 'none'}`,
    `per variant: ${variants || 'none yet'}`,
    `pace ${p.rate.configured}/s configured${rate}`,
  ].join('\n');
}

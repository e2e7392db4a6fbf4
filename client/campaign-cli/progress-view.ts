import type { CampaignProgress } from '../../workflows/campaign/contract';
import type { Palette } from '../output/colour';
import { formatInstant } from '../output/time';
import { renderFields } from '../views/fields';
import { count, formatRate } from './numbers';

/** Recipients dealt with (sent, skipped or failed) out of those assigned: what the progress bar shows. */
export function doneOf(progress: CampaignProgress): { readonly done: number; readonly total: number } {
  const { assigned, pending } = progress.counts;
  return { done: Math.max(0, assigned - pending), total: assigned };
}

export function isFinished(progress: CampaignProgress): boolean {
  return progress.status === 'completed' || progress.status === 'cancelled';
}

/** The short trailing note of the progress bar. */
export function progressDetail(progress: CampaignProgress): string {
  const reading = progress.audienceComplete ? '' : ', audience still being read';
  return `${progress.status}${reading}, ${count(progress.counts.sent)} sent, ${formatRate(progress.rate.achieved)}`;
}

/** `campaign status`: every figure of the progress query, labelled. */
export function renderProgress(progress: CampaignProgress, options: { style: Palette; zone: string }): string {
  const { style } = options;
  const { counts } = progress;
  const { done, total } = doneOf(progress);
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  const skipped = Object.entries(counts.skipped).filter(([reason]) => reason !== 'holdout');
  const skippedTotal = skipped.reduce((sum, [, n]) => sum + n, 0);
  const statusColour =
    progress.status === 'completed'
      ? style.green
      : progress.status === 'cancelled'
        ? style.red
        : progress.status === 'paused'
          ? style.yellow
          : style.cyan;
  const when = (iso: string | null) => (iso === null ? '-' : formatInstant(iso, options.zone));
  const fields = renderFields(
    [
      ['status', statusColour(progress.status)],
      [
        'done',
        `${count(done)} of ${count(total)} assigned (${percent} %)${progress.audienceComplete ? '' : ', audience still being read'}`,
      ],
      ['audience', `${count(counts.audience)}: ${count(counts.holdout)} held out, ${count(counts.assigned)} assigned`],
      [
        'sent',
        `${count(counts.sent)}${
          Object.keys(progress.sentByVariant).length > 0
            ? ` (${Object.entries(progress.sentByVariant)
                .map(([variant, n]) => `${variant} ${count(n)}`)
                .join(', ')})`
            : ''
        }`,
      ],
      [
        'skipped',
        skippedTotal === 0 ? '0' : `${count(skippedTotal)} (${skipped.map(([r, n]) => `${r} ${count(n)}`).join(', ')})`,
      ],
      ['failed', counts.failed > 0 ? style.red(count(counts.failed)) : '0'],
      ['pending', count(counts.pending)],
      ['rate', `${formatRate(progress.rate.configured)} configured, ${formatRate(progress.rate.achieved)} achieved`],
      ['started', when(progress.startedAt)],
      ['next send', progress.nextSendAt === null ? '-' : `${when(progress.nextSendAt)} (waiting for send windows)`],
      ['finished', when(progress.finishedAt)],
    ],
    style.dim,
  );
  return `${style.bold(`Campaign ${progress.campaignId}`)}\n${fields}\n`;
}

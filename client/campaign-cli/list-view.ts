import type { CampaignListEntry } from '../campaign/operations';
import type { Palette } from '../output/colour';
import { renderTable } from '../output/table';
import { formatShort } from '../output/time';
import { count } from './numbers';

/** `campaign list`: one row per stored campaign, newest first (as the operation returns them). */
export function renderCampaignList(
  campaigns: readonly CampaignListEntry[],
  options: { readonly style: Palette; readonly zone: string },
): string {
  const { style } = options;
  const status = (s: string) =>
    s === 'completed' ? style.green(s) : s === 'cancelled' ? style.red(s) : s === 'paused' ? style.yellow(s) : s;
  return renderTable(
    [
      { header: 'id', maxWidth: 32 },
      { header: 'name', maxWidth: 30 },
      { header: 'status' },
      { header: 'created' },
      { header: 'starts' },
      { header: 'pending', align: 'right' },
      { header: 'sent', align: 'right' },
      { header: 'skipped', align: 'right' },
      { header: 'failed', align: 'right' },
    ],
    campaigns.map((c) => [
      c.id,
      c.name,
      status(c.status),
      formatShort(c.createdAt, options.zone),
      c.startsAt === null ? '-' : formatShort(c.startsAt, options.zone),
      count(c.counts.pending),
      count(c.counts.sent),
      count(c.counts.skipped),
      count(c.counts.failed),
    ]),
    style,
  );
}

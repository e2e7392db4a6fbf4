import { DateTime } from 'luxon';
import type { Palette } from '../output/colour';
import { type Column, renderTable } from '../output/table';
import type { OutboxEntry } from './entry';

/** Fixed widths, so rows printed later by `--follow` line up with the header printed first. */
const COLUMNS: readonly Column[] = [
  { header: 'time', width: 19 },
  { header: 'channel', width: 7 },
  { header: 'to', width: 18 },
  { header: 'purpose', width: 18 },
  { header: 'status', width: 10 },
  { header: 'customer', width: 12 },
  { header: 'key', width: 3 },
];

export function renderOutboxTable(
  entries: readonly OutboxEntry[],
  options: { readonly style: Palette; readonly zone: string; readonly header: boolean },
): string {
  const rows = entries.map((entry) => [
    DateTime.fromISO(entry.at).setZone(options.zone).toFormat('yyyy-LL-dd HH:mm:ss'),
    entry.channel,
    entry.to ?? '-',
    entry.purpose ?? '-',
    statusCell(entry, options.style),
    entry.customerId ?? '-',
    entry.reason ? `${entry.key} ${options.style.dim(`(${entry.reason})`)}` : entry.key,
  ]);
  return renderTable(COLUMNS, rows, options.style, { header: options.header });
}

function statusCell(entry: OutboxEntry, style: Palette): string {
  switch (entry.status) {
    case 'sent':
    case 'delivered':
      return style.green(entry.status);
    case 'failed':
    case 'undelivered':
      return style.red(entry.status);
    case 'suppressed':
      return style.yellow(entry.status);
    default:
      return entry.status;
  }
}

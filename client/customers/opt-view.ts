import type { Palette } from '../output/colour';
import { renderTable } from '../output/table';
import { formatInstant } from '../output/time';
import type { ChannelOptState } from './opt-change';

/** The customer's standing per channel, as a table; contacts are already masked. */
export function renderOptStates(
  customerId: string,
  states: readonly ChannelOptState[],
  style: Palette,
  zone: string,
): string {
  const rows = states.map((s) => [
    s.channel,
    s.address ?? style.dim('no address'),
    s.address === null ? '-' : s.optedOut ? style.red('opted out') : style.green('may receive'),
    s.since ? formatInstant(s.since, zone) : '-',
    s.source ?? '-',
    s.reason ?? '',
  ]);
  const table = renderTable(
    [
      { header: 'channel' },
      { header: 'address' },
      { header: 'state' },
      { header: 'since' },
      { header: 'source' },
      { header: 'reason', maxWidth: 40 },
    ],
    rows,
    style,
  );
  return `${style.bold(`Customer ${customerId}`)}\n${table}`;
}

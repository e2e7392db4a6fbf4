import type { OrderJourneyState, ShipmentView } from '../../workflows/order-journey/contract';
import type { Palette } from '../output/colour';
import { formatInstant, formatRecipientLocal, formatRelative } from '../output/time';
import { type Field, plural, renderFields, words } from './fields';

export interface StateViewOptions {
  /** Epoch ms, for "in 5h" and "2d ago". */
  readonly now: number;
  /** The operator's zone, for instants that belong to no recipient (deadlines, last progress). */
  readonly zone: string;
  readonly style: Palette;
}

/** `notify order show`: the order journey's `state` query, as a person reads it. */
export function renderOrderState(state: OrderJourneyState, workflowId: string, options: StateViewOptions): string {
  const { style } = options;
  const when = (iso: string) => `${formatInstant(iso, options.zone)}, ${formatRelative(iso, options.now)}`;
  const fields: Field[] = [
    ['customer', state.customerId],
    ['stage', style.cyan(words(state.stage))],
    ['shipments', state.shipments.map((s) => shipmentLine(s, when))],
    ['open ticket', state.openTicketId ?? 'none'],
    [
      'open prompt',
      state.openPrompt
        ? `${state.openPrompt.purpose}, answers accepted until ${when(state.openPrompt.expiresAt)}`
        : 'none',
    ],
    [
      'next',
      state.scheduled.map((s) => `${s.what} at ${formatRecipientLocal(s.at)}, ${formatRelative(s.at, options.now)}`),
    ],
    ['messages', state.sent.map((line) => colourOutcome(line, style))],
    ['actions', state.actions],
  ];
  if (state.ignored.length > 0) fields.push(['ignored events', state.ignored.map((line) => style.yellow(line))]);
  return `${style.bold(`Order ${state.orderId}`)} ${style.dim(`(workflow ${workflowId})`)}\n${renderFields(fields, style.dim)}\n`;
}

function shipmentLine(shipment: ShipmentView, when: (iso: string) => string): string {
  const delivered = shipment.deliveredAt ? `, delivered ${when(shipment.deliveredAt)}` : '';
  return (
    `${shipment.shipmentId} via ${shipment.carrier}: ${words(shipment.phase)}, ` +
    `last progress ${when(shipment.lastProgressAt)}, ${plural(shipment.stallNotices, 'stall notice')}${delivered}`
  );
}

/** `shipment.stalled: sent` green; refused or failed yellow/red: the decisions a reader scans for. */
export function colourOutcome(line: string, style: Palette): string {
  if (/: (sent|delivered|queued)\b/.test(line))
    return line.replace(/: (\w+)/, (_m, s: string) => `: ${style.green(s)}`);
  if (/: failed\b/.test(line)) return line.replace(/: failed/, `: ${style.red('failed')}`);
  if (/: (refused|suppressed)\b/.test(line)) return line.replace(/: (\w+)/, (_m, s: string) => `: ${style.yellow(s)}`);
  return line;
}

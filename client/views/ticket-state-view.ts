import type { SupportTicketState } from '../../workflows/support-ticket/contract';
import type { Palette } from '../output/colour';
import { formatInstant, formatRecipientLocal, formatRelative } from '../output/time';
import { type Field, renderFields, words } from './fields';
import { colourOutcome, type StateViewOptions } from './order-state-view';

/** `notify ticket show`: the support ticket's `state` query, as a person reads it. */
export function renderTicketState(state: SupportTicketState, workflowId: string, options: StateViewOptions): string {
  const { style } = options;
  const when = (iso: string) => `${formatInstant(iso, options.zone)}, ${formatRelative(iso, options.now)}`;
  const fields: Field[] = [
    ['customer', state.customerId],
    ['order', state.orderId ?? 'none'],
    ['priority', state.priority],
    ['stage', style.cyan(words(state.stage))],
    ['first response', slaLine(state, when, style)],
    ['resolution', state.resolution ?? 'none yet'],
    [
      'check-in',
      state.checkInAt
        ? `at ${formatRecipientLocal(state.checkInAt)}, ${formatRelative(state.checkInAt, options.now)}`
        : 'none',
    ],
    ['score', state.score === undefined ? 'none' : String(state.score)],
    ['reopened', state.reopened === 0 ? 'never' : `${state.reopened} time${state.reopened === 1 ? '' : 's'}`],
    ['messages', state.sent.map((line) => colourOutcome(line, style))],
  ];
  return `${style.bold(`Ticket ${state.ticketId}`)} ${style.dim(`(workflow ${workflowId})`)}\n${renderFields(fields, style.dim)}\n`;
}

function slaLine(state: SupportTicketState, when: (iso: string) => string, style: Palette): string {
  const { sla } = state;
  const colour = sla.state === 'breached' ? style.red : sla.state === 'warned' ? style.yellow : style.green;
  const answered = sla.firstResponseAt ? `, answered ${when(sla.firstResponseAt)}` : '';
  return `${colour(sla.state)}, due ${when(sla.deadline)}${answered}`;
}

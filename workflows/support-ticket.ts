import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  reshipDeliveredSignal,
  type SupportTicketInput,
  ticketEventSignal,
  ticketReplySignal,
  ticketStateQuery,
} from './support-ticket/contract';
import { TicketFlow } from './support-ticket/flow';
import { describeTicketDue, Ticket } from './support-ticket/ticket-state';

const HISTORY_LIMIT = 4_000;

/**
 * One support ticket: acknowledge it, hold the first-response SLA (warn staff at 75 %, escalate and reassure the
 * customer at breach), and after resolution check in with a 1-5 survey; a low score reopens the case.
 */
export async function supportTicket(input: SupportTicketInput): Promise<string> {
  const ticket = new Ticket(input, workflowInfo().workflowId);
  setHandler(ticketEventSignal, (event) => ticket.enqueue({ kind: 'event', event }));
  setHandler(ticketReplySignal, (reply) => ticket.enqueue({ kind: 'reply', reply }));
  setHandler(reshipDeliveredSignal, ({ shipmentId, deliveredAt }) =>
    ticket.enqueue({ kind: 'reshipDelivered', shipmentId, deliveredAt }),
  );
  setHandler(ticketStateQuery, () => ticket.view());

  const flow = new TicketFlow(ticket);
  if (input.carryOver === undefined) await flow.open();
  while (!ticket.data.done) {
    flow.publish();
    await waitForInputOrDue(ticket);
    for (const next of ticket.takeInputs()) {
      if (next.kind === 'event') await flow.onEvent(next.event);
      else if (next.kind === 'reply') await flow.onReply(next.reply);
      else await flow.onReshipDelivered(next.deliveredAt);
    }
    // Inputs first, then deadlines: at the SLA boundary the outcome is whichever the workflow observed first.
    for (let due = ticket.agenda()[0]; !ticket.data.done && due && due.at <= Date.now(); due = ticket.agenda()[0]) {
      await flow.onDue(due);
    }
    if (!ticket.data.done && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof supportTicket>({ ...input, carryOver: ticket.data });
    }
  }
  flow.publish();
  return ticket.data.stage;
}

async function waitForInputOrDue(ticket: Ticket): Promise<void> {
  const hasInput = () => ticket.data.inbox.length > 0;
  if (hasInput()) return;
  const due = ticket.agenda()[0];
  if (!due) return condition(hasInput);
  const wait = due.at - Date.now();
  if (wait > 0) await condition(hasInput, wait, { summary: describeTicketDue(due, ticket.input.ticketId) });
}

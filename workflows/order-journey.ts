import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { describeDue, nextDue } from './order-journey/agenda';
import {
  customerReplySignal,
  orderEventSignal,
  type OrderJourneyInput,
  stateQuery,
  ticketOpenedSignal,
  ticketResolvedSignal,
} from './order-journey/contract';
import { JourneyFlow } from './order-journey/flow';
import { Journey } from './order-journey/journey-state';

/** Histories past this many events continue as new, carrying the journey's state (and unprocessed inputs) over. */
const DEFAULT_HISTORY_LIMIT = 4_000;

/**
 * One order, from the first event to the usage guide: watch for stalled parcels, apologise for exceptions and late
 * deliveries before the customer asks, act on the reply, and follow up with a usage guide two days after delivery.
 */
export async function orderJourney(input: OrderJourneyInput): Promise<string> {
  const journey = new Journey(input, workflowInfo().workflowId);
  setHandler(orderEventSignal, (event) => journey.enqueue({ kind: 'event', event }));
  setHandler(customerReplySignal, (reply) => journey.enqueue({ kind: 'reply', reply }));
  setHandler(ticketOpenedSignal, ({ ticketId }) => journey.enqueue({ kind: 'ticketOpened', ticketId }));
  setHandler(ticketResolvedSignal, (outcome) => journey.enqueue({ kind: 'ticketResolved', outcome }));
  setHandler(stateQuery, () => journey.view());

  const flow = new JourneyFlow(journey);
  while (!journey.data.done) {
    await waitForInputOrDue(journey);
    for (const next of journey.takeInputs()) {
      if (journey.data.done) break;
      if (next.kind === 'event') await flow.onEvent(next.event);
      else if (next.kind === 'reply') await flow.onReply(next.reply);
      else if (next.kind === 'ticketOpened') flow.onTicketOpened(next.ticketId);
      else await flow.onTicketResolved(next.outcome);
    }
    for (let due = nextDue(journey); !journey.data.done && due && due.at <= Date.now(); due = nextDue(journey)) {
      await flow.onDue(due);
    }
    flow.publishStage();
    if (
      !journey.data.done &&
      (workflowInfo().continueAsNewSuggested ||
        workflowInfo().historyLength > (input.historyLimit ?? DEFAULT_HISTORY_LIMIT))
    ) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof orderJourney>({ ...input, carryOver: journey.data });
    }
  }
  return journey.data.stage;
}

async function waitForInputOrDue(journey: Journey): Promise<void> {
  const hasInput = () => journey.data.inbox.length > 0;
  if (hasInput()) return;
  const due = nextDue(journey);
  if (!due) return condition(hasInput);
  const wait = due.at - Date.now();
  if (wait > 0) await condition(hasInput, wait, { summary: describeDue(due) });
}

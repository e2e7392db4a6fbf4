import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { countActions } from '../journey/count-actions';

/** Billable actions and history events over a workflow's whole continue-as-new chain, first run to last. */
export async function countChainActions(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<{ actions: number; events: number; runs: number }> {
  let runId: string | undefined = firstRunId;
  const total = { actions: 0, events: 0, runs: 0 };
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const counted = countActions(history);
    total.actions += counted.actions;
    total.events += counted.events;
    total.runs += 1;
    const last: temporal.api.history.v1.IHistoryEvent | undefined = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return total;
}

import type { WorkflowClient } from '@temporalio/client';
import type { Policy } from '../../domain/policy';
import { orderJourney } from '../../workflows';
import { type OrderEvent, orderEventSignal, orderWorkflowId } from '../../workflows/order-journey/contract';
import { CUSTOMER_ID, JOURNEY_STAGE, ORDER_ID } from '../../workflows/search-attributes';
import type { BenchEvent } from './events';

/**
 * The baseline: the signal-with-start the API makes for an order milestone (api/ingest/route-event.ts), made straight
 * from a Temporal client with the same arguments, search attributes and summary, and no HTTP, validation or database.
 */
export async function signalJourneyDirectly(
  workflows: WorkflowClient,
  taskQueue: string,
  policy: Policy,
  event: BenchEvent,
): Promise<void> {
  const orderId = event.data.orderId as string;
  const customerId = 'c-bench';
  await workflows.signalWithStart(orderJourney, {
    workflowId: orderWorkflowId(orderId),
    taskQueue,
    args: [{ orderId, customerId, policy }],
    signal: orderEventSignal,
    signalArgs: [event as unknown as OrderEvent],
    typedSearchAttributes: [
      { key: ORDER_ID, value: orderId },
      { key: JOURNEY_STAGE, value: 'placed' },
      { key: CUSTOMER_ID, value: customerId },
    ],
    staticSummary: `Order ${orderId} for customer ${customerId}`,
    staticDetails: 'Watches the shipment, apologises before the customer asks, acts on replies, sends the usage guide.',
  });
}

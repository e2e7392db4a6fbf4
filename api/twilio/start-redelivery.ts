import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import type { NotificationRow } from '../../db/tables/notifications';
import { isAfterAcceptanceCode } from '../../domain/after-acceptance';
import { redelivery } from '../../workflows/redelivery';
import { redeliveryWorkflowId } from '../../workflows/redelivery/contract';

export type RedeliveryStart = 'started' | 'already' | 'none';

/**
 * An SMS that failed after Twilio accepted it, with a code the after-acceptance policy covers, gets one redelivery
 * workflow (which applies the policy). Started from the row's state rather than from "this report applied", so a
 * callback retried after a failed start still starts it; the id derived from the key makes every later report,
 * duplicate or retry, a no-op, also once the redelivery has finished.
 */
export async function startRedelivery(
  workflows: WorkflowClient,
  taskQueue: string,
  row: NotificationRow | undefined,
): Promise<RedeliveryStart> {
  if (!row || row.channel !== 'sms' || (row.status !== 'failed' && row.status !== 'undelivered')) return 'none';
  const errorCode = row.error_code;
  if (!isAfterAcceptanceCode(errorCode) || row.provider_message_id === null) return 'none';
  try {
    await workflows.start(redelivery, {
      workflowId: redeliveryWorkflowId(row.idempotency_key),
      taskQueue,
      args: [{ key: row.idempotency_key, errorCode }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `Redelivery of ${row.purpose} after Twilio error ${errorCode}`,
    });
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'already';
    throw err;
  }
}

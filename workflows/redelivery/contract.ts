import type { RedeliveryInput } from '../../domain/activity-contract';

export type { RedeliveryInput };

/** One redelivery per failed message, however many status callbacks report the failure. */
export function redeliveryWorkflowId(key: string): string {
  return `redeliver:${key}`;
}

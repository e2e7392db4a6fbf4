import type { RedeliveryInput } from '../../domain/activity-contract';

export type { RedeliveryInput };

/** One redelivery per failed message, however many status callbacks report the failure. */
export function redeliveryWorkflowId(key: string): string {
  return `redeliver:${key}`;
}

/** The key a message's one redelivery is sent under (activities/notify/plan-redelivery.ts builds it the same way). */
export function redeliveryKey(key: string): string {
  return `${key}/redeliver/1`;
}

/** A reply answers a prompt when it names the prompt's key or that of its redelivery (SMS retry, email fallback). */
export function answersPrompt(promptKey: string, replyKey: string): boolean {
  return replyKey === promptKey || replyKey === redeliveryKey(promptKey);
}

import { Context } from '@temporalio/activity';

export interface RecoveryActivities {
  slowOnFirstAttempt(word: string): Promise<string>;
  quick(word: string): Promise<string>;
}

/** When each attempt started, per workflow id, so the test can see when the server re-dispatched. */
export const attemptStarts = new Map<string, Array<{ attempt: number; atMs: number }>>();

export const recoveryActivities: RecoveryActivities = {
  async slowOnFirstAttempt(word) {
    const info = Context.current().info;
    const workflowId = info.workflowExecution?.workflowId ?? '';
    const starts = attemptStarts.get(workflowId) ?? [];
    starts.push({ attempt: info.attempt, atMs: Date.now() });
    attemptStarts.set(workflowId, starts);
    // The first attempt outlives its 2 s start-to-close: the server must time it out and retry it.
    if (info.attempt === 1) await new Promise((resolve) => setTimeout(resolve, 3_000));
    return `${word}-attempt-${info.attempt}`;
  },
  quick(word) {
    return Promise.resolve(word.toUpperCase());
  },
};

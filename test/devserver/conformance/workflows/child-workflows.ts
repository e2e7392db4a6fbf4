import {
  ApplicationFailure,
  CancellationScope,
  type ParentClosePolicy,
  condition,
  executeChild,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { type FailureSummary, summariseFailure } from './failure-summary';

/** Scenario 9 (spec 2.9 "Children", 3.11): children that succeed, fail, time out, clash, get cancelled. */
export interface ChildOutcome {
  result?: string;
  failure?: FailureSummary;
}

export async function echoChild(text: string): Promise<string> {
  await sleep('1 hour');
  return `child says ${text}`;
}

export async function failingChild(): Promise<string> {
  return Promise.reject(ApplicationFailure.nonRetryable('child broke', 'ChildBroke'));
}

export async function sleepyChild(duration: string): Promise<string> {
  await sleep(duration);
  return 'woke up';
}

export async function waitForeverChild(): Promise<string> {
  await condition(() => false);
  return 'unreachable';
}

async function outcomeOf(child: Promise<string>): Promise<ChildOutcome> {
  try {
    return { result: await child };
  } catch (error) {
    return { failure: summariseFailure(error) };
  }
}

export type ChildCase = 'success' | 'failure' | 'timeout' | 'idConflict' | 'cancel';

/** One parent for the single-child cases; `childId` is chosen by the test (so it can cause a conflict). */
export async function parentOf(childCase: ChildCase, childId: string): Promise<ChildOutcome> {
  switch (childCase) {
    case 'success':
      return await outcomeOf(executeChild(echoChild, { workflowId: childId, args: ['hi'] }));
    case 'failure':
      return await outcomeOf(executeChild(failingChild, { workflowId: childId }));
    case 'timeout':
      return await outcomeOf(
        executeChild(sleepyChild, { workflowId: childId, args: ['2 hours'], workflowExecutionTimeout: '1 hour' }),
      );
    case 'idConflict':
      return await outcomeOf(startChild(waitForeverChild, { workflowId: childId }).then(() => 'started'));
    case 'cancel': {
      const scope = new CancellationScope();
      const child = scope.run(() => executeChild(waitForeverChild, { workflowId: childId }));
      await sleep('1 second');
      scope.cancel();
      return await outcomeOf(child);
    }
  }
}

/** Starts a child with the given parent-close policy and returns as soon as the child runs. */
export async function closingParent(policy: ParentClosePolicy, childId: string): Promise<string> {
  const child = await startChild(sleepyChild, { workflowId: childId, args: ['1 day'], parentClosePolicy: policy });
  return `${workflowInfo().workflowId} started ${child.workflowId}`;
}

import { defineSearchAttributeKey } from '@temporalio/common';
import { ApplicationFailure, condition, defineSignal, setHandler, sleep, workflowInfo } from '@temporalio/workflow';

/** Scenario 10 (spec 2.9, 2.11): start options, id policies, retries, timeouts, memo, search attributes. */
export const finishSignal = defineSignal('finish');
export const doubleKey = defineSearchAttributeKey('CustomDoubleField', 'DOUBLE');
export const datetimeKey = defineSearchAttributeKey('CustomDatetimeField', 'DATETIME');

export async function quickly(outcome: 'complete' | 'fail'): Promise<string> {
  if (outcome === 'fail') return Promise.reject(ApplicationFailure.nonRetryable('asked to fail'));
  return Promise.resolve('done');
}

export interface StartReport {
  memo: Record<string, unknown> | undefined;
  searchAttributes: Record<string, unknown>;
  typedDouble: number | undefined;
  typedDatetime: string | undefined;
}

/** Stays open until signalled, then reports what it was started with. */
export async function waitForFinish(): Promise<StartReport> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  const info = workflowInfo();
  return {
    memo: info.memo,
    // The deprecated untyped form is part of what is tested.
    searchAttributes: info.searchAttributes,
    typedDouble: info.typedSearchAttributes.get(doubleKey),
    typedDatetime: info.typedSearchAttributes.get(datetimeKey)?.toISOString(),
  };
}

/** Workflow time at its first task versus its start time (a start delay sits in between). */
export async function firstTaskDelay(): Promise<number> {
  return Promise.resolve(Date.now() - workflowInfo().startTime.getTime());
}

export interface RetryReport {
  attempt: number;
  lastFailureMessage: string | undefined;
}

export async function failsOnce(): Promise<RetryReport> {
  const { attempt, lastFailure } = workflowInfo();
  if (attempt === 1) return Promise.reject(ApplicationFailure.retryable('first attempt fails'));
  return Promise.resolve({ attempt, lastFailureMessage: lastFailure?.message });
}

export async function sleeper(duration: string): Promise<string> {
  await sleep(duration);
  return 'slept';
}

import {
  ApplicationFailure,
  defaultFailureConverter,
  defaultPayloadConverter,
  ensureApplicationFailure,
} from '@temporalio/common';

/** The ApplicationFailure an activity call rejected with; fails the test when it resolved or threw anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw new Error(`expected an ApplicationFailure, got ${String(err)}`, { cause: err });
  }
  throw new Error(`expected the activity to fail, but it returned ${JSON.stringify(outcome)}`);
}

/**
 * What a worker would record in the workflow history for this error: the failure proto it builds (message, type,
 * stack trace, details, the whole cause chain), with payloads decoded to text so their contents can be searched.
 */
export function historyTextOf(error: unknown): string {
  const failure = defaultFailureConverter.errorToFailure(ensureApplicationFailure(error), defaultPayloadConverter);
  return JSON.stringify(failure, (_key, value: unknown) =>
    value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
  );
}

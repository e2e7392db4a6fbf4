import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { closeRun } from './close';
import { startNextRunInChain } from './continue-chain';
import { decideRetry, RetryState } from './retry-policy';

/** Run or execution timeout: close as timed out, retrying per the workflow's retry policy when it allows. */
export function timeOutRun(engine: Engine, run: Run): void {
  if (!run.isOpen) return;
  const now = engine.now();
  const timeoutFailure = {
    message: 'Workflow timed out',
    timeoutFailureInfo: { timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE },
  };
  const decision = run.retryPolicy
    ? decideRetry(run.retryPolicy, run.attempt, timeoutFailure, now, run.executionExpirationMs)
    : ({ retry: false, state: RetryState.RETRY_STATE_TIMEOUT } as const);
  if (!decision.retry || (run.executionExpirationMs > 0 && now >= run.executionExpirationMs)) {
    closeRun(engine, run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, {
      retryState: decision.retry ? RetryState.RETRY_STATE_TIMEOUT : decision.state,
    });
    return;
  }
  const nextRunId = randomUUID();
  closeRun(
    engine,
    run,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    { retryState: RetryState.RETRY_STATE_IN_PROGRESS, newExecutionRunId: nextRunId },
    true,
  );
  startNextRunInChain(
    engine,
    run,
    nextRunId,
    { firstTaskBackoffMs: decision.backoffMs, attempt: run.attempt + 1 },
    temporal.api.enums.v1.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
    { continuedFailure: timeoutFailure },
  );
}

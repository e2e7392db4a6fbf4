import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  TerminatedFailure,
  TimeoutFailure,
} from '@temporalio/workflow';

/**
 * A JSON-friendly picture of a failure chain as workflow code saw it, so that tests assert on the
 * workflow's result (what the SDK decoded from the server's events) instead of on logs.
 */
export interface FailureSummary {
  kind: 'activity' | 'child' | 'application' | 'timeout' | 'cancelled' | 'terminated' | 'other';
  message: string;
  /** The error class name, for errors that are not Temporal failures (e.g. WorkflowExecutionAlreadyStartedError). */
  name?: string;
  type?: string;
  retryState?: string;
  timeoutType?: string;
  details?: unknown[];
  cause?: FailureSummary;
}

export function summariseFailure(error: unknown): FailureSummary {
  if (!(error instanceof Error)) return { kind: 'other', message: String(error) };
  const cause = error.cause === undefined ? undefined : summariseFailure(error.cause);
  const base = { message: error.message, ...(cause ? { cause } : {}) };
  if (error instanceof ActivityFailure) return { kind: 'activity', retryState: error.retryState, ...base };
  if (error instanceof ChildWorkflowFailure) return { kind: 'child', retryState: error.retryState, ...base };
  if (error instanceof ApplicationFailure) return { kind: 'application', type: error.type ?? undefined, ...base };
  if (error instanceof TimeoutFailure) {
    return { kind: 'timeout', timeoutType: error.timeoutType, details: [error.lastHeartbeatDetails], ...base };
  }
  if (error instanceof CancelledFailure) return { kind: 'cancelled', ...base };
  if (error instanceof TerminatedFailure) return { kind: 'terminated', ...base };
  return { kind: 'other', name: error.name, ...base };
}

import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type CallContext } from '../grpc/call-context';
import { ServiceError, withDetail } from '../grpc/service-error';
import { type Run, Status } from '../history/run';
import { type QueryRecord } from './query-record';

type Response = temporal.api.workflowservice.v1.IQueryWorkflowResponse;
const RejectCondition = temporal.api.enums.v1.QueryRejectCondition;

/**
 * Dispatches a query: attached to the next workflow task when one is outstanding (or none has completed yet),
 * otherwise as a legacy query task. Queries never write history.
 */
export function queryWorkflow(
  engine: Engine,
  run: Run,
  request: temporal.api.workflowservice.v1.IQueryWorkflowRequest,
  ctx: CallContext,
): Response | Promise<Response> {
  const condition = request.queryRejectCondition ?? RejectCondition.QUERY_REJECT_CONDITION_NONE;
  if (
    (condition === RejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN && !run.isOpen) ||
    (condition === RejectCondition.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY &&
      run.status !== Status.WORKFLOW_EXECUTION_STATUS_COMPLETED)
  ) {
    return { queryRejected: { status: run.status } };
  }
  return new Promise<Response>((resolve, reject) => {
    const budgetMs = Math.max(0, Math.min(engine.config.queryTimeoutMs, ctx.deadlineMs - Date.now()));
    // Like a workflow task, a query in flight holds time still (spec 5.2): its answer reflects the run as it is now.
    const releaseLock = engine.clock.lock(`query ${run.workflowId}/${request.query?.queryType ?? ''}`);
    const settle = (): void => {
      query.settled = true;
      releaseLock();
      clearTimeout(timer);
      unsubscribe();
      engine.outstandingQueries.delete(query.id);
    };
    const query: QueryRecord = {
      id: randomUUID(),
      query: request.query ?? {},
      settled: false,
      answer(result) {
        if (query.settled) return;
        settle();
        resolve({ queryResult: result ?? undefined });
      },
      fail(message) {
        if (query.settled) return;
        settle();
        // INVALID_ARGUMENT with the worker's message: the client turns it into QueryNotRegisteredError & co.
        reject(withDetail(status.INVALID_ARGUMENT, message, 'temporal.api.errordetails.v1.QueryFailedFailure', {}));
      },
    };
    const timer = setTimeout(() => {
      if (query.settled) return;
      settle();
      reject(new ServiceError(status.DEADLINE_EXCEEDED, 'query timed out: no worker answered'));
    }, budgetMs);
    const unsubscribe = ctx.onCancelled(() => {
      if (!query.settled) settle();
    });
    if (run.isOpen && (run.workflowTask || run.lastCompletedStartedEventId === 0)) {
      run.pendingQueries.push(query);
    } else {
      engine.workflowQueues.get(run.namespace, run.taskQueue).offer({ kind: 'query', run, query });
    }
  });
}

/** `RespondQueryTaskCompleted` for a legacy query task. */
export function completeLegacyQuery(
  engine: Engine,
  queryId: string,
  request: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest,
): void {
  const query = engine.outstandingQueries.get(queryId);
  if (!query) return;
  engine.outstandingQueries.delete(queryId);
  if (request.completedType === temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
    query.answer(request.queryResult);
  } else {
    query.fail(request.errorMessage || request.failure?.message || 'query failed');
  }
}

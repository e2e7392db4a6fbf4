import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type CallContext } from '../grpc/call-context';
import { type ServiceHandlers } from '../grpc/server';
import { notFound, requireText, workflowCompleted } from '../grpc/service-error';
import { decodeTaskToken } from '../history/task-tokens';
import { completeLegacyQuery, queryWorkflow } from '../queries/query-workflow';
import { admitUpdate, awaitUpdateStage, findUpdate } from '../updates/update-workflow';
import { bypassStartDelay } from '../workflows/start-delay';
import { requestCancelRun } from '../workflows/request-cancel';
import { resolveRun } from '../workflows/resolve-run';
import { signalRun } from '../workflows/signal';
import { startWorkflow } from '../workflows/start-workflow';
import { terminateRun } from '../workflows/terminate';
import { describeWorkflowExecution } from './describe';
import { getWorkflowExecutionHistory } from './history-handlers';
import { executeMultiOperation } from './multi-operation';
import { countWorkflowExecutions, listWorkflowExecutions } from './visibility-handlers';

const Conflict = temporal.api.enums.v1.WorkflowIdConflictPolicy;

/** The client-facing RPCs on workflow executions. */
export function executionHandlers(engine: Engine): ServiceHandlers {
  return {
    StartWorkflowExecution(request: temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest) {
      const { run, started } = startWorkflow(engine, engine.namespace(request.namespace), request, {
        defaultConflictPolicy: Conflict.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
      });
      return { runId: run.runId, started };
    },
    SignalWithStartWorkflowExecution(
      request: temporal.api.workflowservice.v1.ISignalWithStartWorkflowExecutionRequest,
    ) {
      const signalName = requireText(request.signalName, 'SignalName');
      const signal = {
        signalName,
        input: request.signalInput,
        header: request.header,
        identity: request.identity,
      };
      const { run, started } = startWorkflow(engine, engine.namespace(request.namespace), request, {
        // Real-server default for this API: signal the running workflow rather than fail.
        defaultConflictPolicy: Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
        beforeFirstTask: (created) => signalRun(engine, created, signal),
      });
      if (!started) {
        signalRun(engine, run, signal);
        // As on the real server, signal-with-start on a workflow still in its start delay starts it now.
        bypassStartDelay(engine, run);
      }
      return { runId: run.runId, started };
    },
    SignalWorkflowExecution(request: temporal.api.workflowservice.v1.ISignalWorkflowExecutionRequest) {
      const run = resolveRun(engine.namespace(request.namespace), request.workflowExecution);
      signalRun(engine, run, {
        signalName: requireText(request.signalName, 'SignalName'),
        input: request.input,
        header: request.header,
        identity: request.identity,
        requestId: request.requestId,
      });
      return {};
    },
    RequestCancelWorkflowExecution(request: temporal.api.workflowservice.v1.IRequestCancelWorkflowExecutionRequest) {
      const run = resolveRun(
        engine.namespace(request.namespace),
        request.workflowExecution,
        request.firstExecutionRunId,
      );
      requestCancelRun(engine, run, { reason: request.reason, identity: request.identity });
      return {};
    },
    TerminateWorkflowExecution(request: temporal.api.workflowservice.v1.ITerminateWorkflowExecutionRequest) {
      const run = resolveRun(
        engine.namespace(request.namespace),
        request.workflowExecution,
        request.firstExecutionRunId,
      );
      if (!run.isOpen) throw workflowCompleted();
      terminateRun(engine, run, request.reason ?? '', request.identity ?? '', request.details);
      return {};
    },
    QueryWorkflow(request: temporal.api.workflowservice.v1.IQueryWorkflowRequest, ctx: CallContext) {
      const run = resolveRun(engine.namespace(request.namespace), request.execution);
      requireText(request.query?.queryType, 'QueryType');
      return queryWorkflow(engine, run, request, ctx);
    },
    RespondQueryTaskCompleted(request: temporal.api.workflowservice.v1.IRespondQueryTaskCompletedRequest) {
      const token = decodeTaskToken(request.taskToken);
      if (token.kind !== 'query') throw notFound('query task not found');
      completeLegacyQuery(engine, token.queryId, request);
      return {};
    },
    async UpdateWorkflowExecution(
      request: temporal.api.workflowservice.v1.IUpdateWorkflowExecutionRequest,
      ctx: CallContext,
    ) {
      const run = resolveRun(
        engine.namespace(request.namespace),
        request.workflowExecution,
        request.firstExecutionRunId,
      );
      const update = admitUpdate(engine, run, request.request ?? {});
      return awaitUpdateStage(engine, run, update, request.waitPolicy?.lifecycleStage ?? 0, ctx);
    },
    async PollWorkflowExecutionUpdate(
      request: temporal.api.workflowservice.v1.IPollWorkflowExecutionUpdateRequest,
      ctx: CallContext,
    ) {
      const ref = request.updateRef;
      const run = resolveRun(engine.namespace(request.namespace), ref?.workflowExecution);
      const update = findUpdate(run, ref?.updateId);
      return awaitUpdateStage(engine, run, update, request.waitPolicy?.lifecycleStage ?? 0, ctx);
    },
    ExecuteMultiOperation: (request: temporal.api.workflowservice.v1.IExecuteMultiOperationRequest, ctx: CallContext) =>
      executeMultiOperation(engine, request, ctx),
    DescribeWorkflowExecution: (request: temporal.api.workflowservice.v1.IDescribeWorkflowExecutionRequest) =>
      describeWorkflowExecution(engine, request),
    GetWorkflowExecutionHistory: (
      request: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryRequest,
      ctx: CallContext,
    ) => getWorkflowExecutionHistory(engine, request, ctx),
    ListWorkflowExecutions: (request: temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest) =>
      listWorkflowExecutions(engine, request),
    CountWorkflowExecutions: (request: temporal.api.workflowservice.v1.ICountWorkflowExecutionsRequest) =>
      countWorkflowExecutions(engine, request),
  };
}

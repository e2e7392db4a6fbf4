import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type ParentLink, type Run, Status } from '../history/run';
import { invalidArgument, requireText, withDetail } from '../grpc/service-error';
import { type Namespace } from '../namespace/namespace';
import { typedSearchAttributes } from '../namespace/search-attribute-payloads';
import { durationToMs } from '../proto/time';
import { createRun } from './create-run';
import { retryPolicyProblem, withRetryDefaults } from './retry-policy';
import { terminateRun } from './terminate';

const Reuse = temporal.api.enums.v1.WorkflowIdReusePolicy;
const Conflict = temporal.api.enums.v1.WorkflowIdConflictPolicy;
type ConflictPolicy = temporal.api.enums.v1.WorkflowIdConflictPolicy;

/** The fields StartWorkflowExecution, SignalWithStart and child starts have in common. */
export type StartRequest = Pick<
  temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest,
  | 'workflowId'
  | 'workflowType'
  | 'taskQueue'
  | 'input'
  | 'workflowExecutionTimeout'
  | 'workflowRunTimeout'
  | 'workflowTaskTimeout'
  | 'identity'
  | 'requestId'
  | 'workflowIdReusePolicy'
  | 'workflowIdConflictPolicy'
  | 'retryPolicy'
  | 'cronSchedule'
  | 'memo'
  | 'searchAttributes'
  | 'header'
  | 'workflowStartDelay'
  | 'userMetadata'
  | 'priority'
>;

export interface StartOptions {
  /** Conflict policy when the request leaves it unspecified (FAIL for start, USE_EXISTING for signal-with-start). */
  readonly defaultConflictPolicy: ConflictPolicy;
  readonly parent?: ParentLink;
  readonly root?: temporal.api.common.v1.IWorkflowExecution;
  readonly beforeFirstTask?: (run: Run) => void;
}

export interface StartOutcome {
  readonly run: Run;
  readonly started: boolean;
}

const MAX_WORKFLOW_TASK_TIMEOUT_MS = 120_000;

/** Validates and normalises a start request, applies the id reuse/conflict policies, and creates the run. */
export function startWorkflow(
  engine: Engine,
  ns: Namespace,
  request: StartRequest,
  options: StartOptions,
): StartOutcome {
  const workflowId = requireText(request.workflowId, 'WorkflowId');
  const workflowType = requireText(request.workflowType?.name, 'WorkflowType');
  const taskQueue = requireText(request.taskQueue?.name, 'TaskQueue');
  const executionTimeoutMs = durationToMs(request.workflowExecutionTimeout);
  let runTimeoutMs = durationToMs(request.workflowRunTimeout);
  let taskTimeoutMs = durationToMs(request.workflowTaskTimeout);
  const startDelayMs = durationToMs(request.workflowStartDelay);
  if (executionTimeoutMs < 0) throw invalidArgument('Invalid WorkflowExecutionTimeout.');
  if (runTimeoutMs < 0) throw invalidArgument('Invalid WorkflowRunTimeout.');
  if (taskTimeoutMs < 0) throw invalidArgument('Invalid WorkflowTaskTimeout.');
  if (startDelayMs < 0) throw invalidArgument('Invalid WorkflowStartDelay.');
  const policyProblem = retryPolicyProblem(request.retryPolicy);
  if (policyProblem) throw invalidArgument(policyProblem);
  if (executionTimeoutMs > 0 && (runTimeoutMs === 0 || runTimeoutMs > executionTimeoutMs)) {
    runTimeoutMs = executionTimeoutMs;
  }
  if (taskTimeoutMs === 0) taskTimeoutMs = engine.config.defaultWorkflowTaskTimeoutMs;
  taskTimeoutMs = Math.min(taskTimeoutMs, MAX_WORKFLOW_TASK_TIMEOUT_MS);
  if (runTimeoutMs > 0) taskTimeoutMs = Math.min(taskTimeoutMs, runTimeoutMs);
  const searchAttributes = typedSearchAttributes(ns.searchAttributes, request.searchAttributes?.indexedFields);
  const requestId = request.requestId || randomUUID();

  const existing = ns.latestRun(workflowId);
  if (existing) {
    if (existing.startRequestId === requestId) return { run: existing, started: true };
    const reuse = request.workflowIdReusePolicy ?? Reuse.WORKFLOW_ID_REUSE_POLICY_UNSPECIFIED;
    if (existing.isOpen) {
      let conflict = request.workflowIdConflictPolicy || options.defaultConflictPolicy;
      if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING)
        conflict = Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING;
      if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING) return { run: existing, started: false };
      if (conflict === Conflict.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING) {
        terminateRun(engine, existing, 'terminated by a new start with the same workflow id', request.identity ?? '');
      } else {
        throw alreadyStarted(
          existing,
          requestId,
          `Workflow execution is already running. WorkflowId: ${workflowId}, RunId: ${existing.runId}.`,
        );
      }
    } else if (reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE) {
      throw alreadyStarted(
        existing,
        requestId,
        `Workflow execution already finished. WorkflowId: ${workflowId}, RunId: ${existing.runId}. Workflow Id reuse policy: reject duplicate workflow Id.`,
      );
    } else if (
      reuse === Reuse.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY &&
      (existing.status === Status.WORKFLOW_EXECUTION_STATUS_COMPLETED ||
        existing.status === Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW)
    ) {
      throw alreadyStarted(
        existing,
        requestId,
        `Workflow execution already finished successfully. WorkflowId: ${workflowId}, RunId: ${existing.runId}. Workflow Id reuse policy: allow duplicate workflow Id if last run failed.`,
      );
    }
  }

  const run = createRun(
    engine,
    ns,
    {
      workflowId,
      workflowType,
      taskQueue,
      input: request.input,
      header: request.header,
      memo: request.memo?.fields ?? {},
      searchAttributes,
      identity: request.identity ?? '',
      requestId,
      workflowTaskTimeoutMs: taskTimeoutMs,
      runTimeoutMs,
      executionTimeoutMs,
      retryPolicy: request.retryPolicy ? withRetryDefaults(request.retryPolicy) : undefined,
      cronSchedule: request.cronSchedule ?? undefined,
      firstTaskBackoffMs: startDelayMs,
      attempt: 1,
      parent: options.parent,
      root: options.root,
      userMetadata: request.userMetadata,
      priority: request.priority,
    },
    options.beforeFirstTask,
  );
  return { run, started: true };
}

function alreadyStarted(existing: Run, requestId: string, message: string): Error {
  return withDetail(
    status.ALREADY_EXISTS,
    message,
    'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure',
    {
      startRequestId: requestId,
      runId: existing.runId,
    },
  );
}

import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { EventType } from '../history/event-types';
import { typedSearchAttributes } from '../namespace/search-attribute-payloads';
import { durationToMs } from '../proto/time';
import { closeRun } from '../workflows/close';
import { startNextRunInChain } from '../workflows/continue-chain';
import { decideRetry, RetryState, withRetryDefaults } from '../workflows/retry-policy';
import { type CommandHandler } from './command-context';

const Initiator = temporal.api.enums.v1.ContinueAsNewInitiator;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
type Payload = temporal.api.common.v1.IPayload;

export const completeWorkflowExecution: CommandHandler<temporal.api.command.v1.ICompleteWorkflowExecutionCommandAttributes> =
  {
    apply(ctx, attributes) {
      closeRun(ctx.engine, ctx.run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, {
        result: attributes.result ?? undefined,
        workflowTaskCompletedEventId: ctx.completedEventId,
      });
    },
  };

export const cancelWorkflowExecution: CommandHandler<temporal.api.command.v1.ICancelWorkflowExecutionCommandAttributes> =
  {
    apply(ctx, attributes) {
      closeRun(ctx.engine, ctx.run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, {
        details: attributes.details ?? undefined,
        workflowTaskCompletedEventId: ctx.completedEventId,
      });
    },
  };

/** Fails the run, or — when its retry policy allows — closes it as failed and starts the retry run. */
export const failWorkflowExecution: CommandHandler<temporal.api.command.v1.IFailWorkflowExecutionCommandAttributes> = {
  apply(ctx, attributes) {
    const { engine, run } = ctx;
    const failure = attributes.failure ?? undefined;
    const decision = run.retryPolicy
      ? decideRetry(run.retryPolicy, run.attempt, failure, engine.now(), run.executionExpirationMs)
      : ({ retry: false, state: RetryState.RETRY_STATE_RETRY_POLICY_NOT_SET } as const);
    if (!decision.retry) {
      closeRun(engine, run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, {
        failure,
        retryState: decision.state,
        workflowTaskCompletedEventId: ctx.completedEventId,
      });
      return;
    }
    const nextRunId = randomUUID();
    closeRun(
      engine,
      run,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
      {
        failure,
        retryState: RetryState.RETRY_STATE_IN_PROGRESS,
        workflowTaskCompletedEventId: ctx.completedEventId,
        newExecutionRunId: nextRunId,
      },
      true,
    );
    startNextRunInChain(
      engine,
      run,
      nextRunId,
      { firstTaskBackoffMs: decision.backoffMs, attempt: run.attempt + 1 },
      Initiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
      { continuedFailure: failure },
    );
  },
};

type ContinueAttributes = temporal.api.command.v1.IContinueAsNewWorkflowExecutionCommandAttributes;

/** Closes the run as continued-as-new and starts the next run, inheriting whatever the command leaves unset. */
export const continueAsNewWorkflowExecution: CommandHandler<ContinueAttributes> = {
  validate(scope, attributes) {
    for (const name of Object.keys(attributes.searchAttributes?.indexedFields ?? {})) {
      if (scope.registry.typeOf(name) === undefined) {
        return {
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
          message: `search attribute ${name} is not defined`,
        };
      }
    }
    return undefined;
  },
  apply(ctx, attributes) {
    const { engine, run } = ctx;
    let searchAttributes: Record<string, Payload> = run.searchAttributes;
    if (attributes.searchAttributes?.indexedFields) {
      searchAttributes = typedSearchAttributes(
        engine.namespace(run.namespace).searchAttributes,
        attributes.searchAttributes.indexedFields,
      );
    }
    const memo = attributes.memo?.fields ? (attributes.memo.fields as Record<string, Payload>) : run.memo;
    const nextRunId = randomUUID();
    const workflowType = attributes.workflowType?.name || run.workflowType;
    const taskQueue = attributes.taskQueue?.name || run.taskQueue;
    const runTimeoutMs = durationToMs(attributes.workflowRunTimeout) || run.runTimeoutMs;
    const taskTimeoutMs = durationToMs(attributes.workflowTaskTimeout) || run.workflowTaskTimeoutMs;
    const backoffMs = durationToMs(attributes.backoffStartInterval);
    closeRun(
      engine,
      run,
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
      {
        newExecutionRunId: nextRunId,
        workflowType: { name: workflowType },
        taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        input: attributes.input ?? undefined,
        workflowRunTimeout: attributes.workflowRunTimeout ?? undefined,
        workflowTaskTimeout: attributes.workflowTaskTimeout ?? undefined,
        workflowTaskCompletedEventId: ctx.completedEventId,
        backoffStartInterval: attributes.backoffStartInterval ?? undefined,
        initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
        header: attributes.header ?? undefined,
        memo: attributes.memo ?? undefined,
        searchAttributes: attributes.searchAttributes ?? undefined,
      },
      true,
    );
    startNextRunInChain(
      engine,
      run,
      nextRunId,
      {
        workflowType,
        taskQueue,
        input: attributes.input,
        header: attributes.header ?? undefined,
        memo,
        searchAttributes,
        runTimeoutMs,
        workflowTaskTimeoutMs: taskTimeoutMs,
        retryPolicy: attributes.retryPolicy ? withRetryDefaults(attributes.retryPolicy) : run.retryPolicy,
        firstTaskBackoffMs: backoffMs,
        attempt: 1,
      },
      Initiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
    );
  },
};

export const closingCommandTypes: ReadonlySet<temporal.api.enums.v1.CommandType> = new Set([
  temporal.api.enums.v1.CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  temporal.api.enums.v1.CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  temporal.api.enums.v1.CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  temporal.api.enums.v1.CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { ServiceError } from '../grpc/service-error';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { recordExternalEvent } from '../workflow-task/schedule';
import { requestCancelRun } from '../workflows/request-cancel';
import { resolveRun } from '../workflows/resolve-run';
import { signalRun } from '../workflows/signal';
import { type CommandHandler } from './command-context';

const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
const NOT_FOUND =
  temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause
    .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
const CANCEL_NOT_FOUND =
  temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause
    .CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND;
type Execution = temporal.api.common.v1.IWorkflowExecution;

/** Runs `action` against the target; false when the target does not exist or is closed. */
function onTarget(engine: Engine, namespace: string, execution: Execution, action: (target: Run) => void): boolean {
  try {
    const target = resolveRun(engine.namespace(namespace), execution);
    if (!target.isOpen) return false;
    action(target);
    return true;
  } catch (error) {
    if (error instanceof ServiceError) return false;
    throw error;
  }
}

type SignalAttributes = temporal.api.command.v1.ISignalExternalWorkflowExecutionCommandAttributes;

export const signalExternalWorkflowExecution: CommandHandler<SignalAttributes> = {
  validate(_scope, attributes) {
    if (!attributes.execution?.workflowId || !attributes.signalName) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
        message: 'WorkflowId and SignalName must be set on SignalExternalWorkflowExecutionCommand.',
      };
    }
    return undefined;
  },
  apply(ctx, attributes) {
    const { engine, run } = ctx;
    const namespace = attributes.namespace || run.namespace;
    const execution = attributes.execution ?? {};
    const initiatedEventId = run.append(
      EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      {
        namespace,
        workflowExecution: execution,
        signalName: attributes.signalName,
        input: attributes.input,
        control: attributes.control,
        childWorkflowOnly: attributes.childWorkflowOnly,
        header: attributes.header,
        workflowTaskCompletedEventId: ctx.completedEventId,
      },
      engine.now(),
    );
    ctx.afterCommit.push(() => {
      const delivered = onTarget(engine, namespace, execution, (target) =>
        signalRun(engine, target, {
          signalName: attributes.signalName ?? '',
          input: attributes.input,
          header: attributes.header,
          identity: ctx.identity,
          externalWorkflowExecution: run.execution,
        }),
      );
      recordExternalEvent(engine, run, () => {
        if (delivered) {
          run.append(
            EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
            { initiatedEventId, namespace, workflowExecution: execution, control: attributes.control },
            engine.now(),
          );
        } else {
          run.append(
            EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
            {
              cause: NOT_FOUND,
              initiatedEventId,
              namespace,
              workflowExecution: execution,
              control: attributes.control,
              workflowTaskCompletedEventId: ctx.completedEventId,
            },
            engine.now(),
          );
        }
      });
    });
  },
};

type CancelAttributes = temporal.api.command.v1.IRequestCancelExternalWorkflowExecutionCommandAttributes;

export const requestCancelExternalWorkflowExecution: CommandHandler<CancelAttributes> = {
  validate(_scope, attributes) {
    if (!attributes.workflowId) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
        message: 'WorkflowId is not set on RequestCancelExternalWorkflowExecutionCommand.',
      };
    }
    return undefined;
  },
  apply(ctx, attributes) {
    const { engine, run } = ctx;
    const namespace = attributes.namespace || run.namespace;
    const execution: Execution = { workflowId: attributes.workflowId, runId: attributes.runId || undefined };
    const initiatedEventId = run.append(
      EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      {
        namespace,
        workflowExecution: execution,
        control: attributes.control,
        childWorkflowOnly: attributes.childWorkflowOnly,
        reason: attributes.reason,
        workflowTaskCompletedEventId: ctx.completedEventId,
      },
      engine.now(),
    );
    ctx.afterCommit.push(() => {
      const delivered = onTarget(engine, namespace, execution, (target) =>
        requestCancelRun(engine, target, {
          reason: attributes.reason,
          identity: ctx.identity,
          externalInitiatedEventId: initiatedEventId,
          externalWorkflowExecution: run.execution,
        }),
      );
      recordExternalEvent(engine, run, () => {
        if (delivered) {
          run.append(
            EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
            { initiatedEventId, namespace, workflowExecution: execution },
            engine.now(),
          );
        } else {
          run.append(
            EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
            {
              cause: CANCEL_NOT_FOUND,
              initiatedEventId,
              namespace,
              workflowExecution: execution,
              control: attributes.control,
              workflowTaskCompletedEventId: ctx.completedEventId,
            },
            engine.now(),
          );
        }
      });
    });
  },
};

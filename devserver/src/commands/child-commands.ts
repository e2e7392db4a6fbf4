import { temporal } from '@temporalio/proto';
import { EventType } from '../history/event-types';
import { long } from '../proto/time';
import { startChild } from '../workflows/children';
import { retryPolicyProblem } from '../workflows/retry-policy';
import { type CommandHandler } from './command-context';

const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;
type Attributes = temporal.api.command.v1.IStartChildWorkflowExecutionCommandAttributes;

export const startChildWorkflowExecution: CommandHandler<Attributes> = {
  validate(scope, attributes) {
    const reject = (message: string) => ({
      cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES,
      message,
    });
    if (!attributes.workflowId) return reject('WorkflowId is not set on StartChildWorkflowExecutionCommand.');
    if (!attributes.workflowType?.name) return reject('WorkflowType is not set on StartChildWorkflowExecutionCommand.');
    for (const name of Object.keys(attributes.searchAttributes?.indexedFields ?? {})) {
      if (scope.registry.typeOf(name) === undefined) return reject(`search attribute ${name} is not defined`);
    }
    const policyProblem = retryPolicyProblem(attributes.retryPolicy);
    return policyProblem ? reject(policyProblem) : undefined;
  },
  apply(ctx, attributes, command) {
    const { engine, run } = ctx;
    const initiated: temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes = {
      namespace: attributes.namespace || run.namespace,
      workflowId: attributes.workflowId,
      workflowType: attributes.workflowType,
      taskQueue: attributes.taskQueue?.name
        ? attributes.taskQueue
        : { name: run.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: attributes.input,
      workflowExecutionTimeout: attributes.workflowExecutionTimeout,
      workflowRunTimeout: attributes.workflowRunTimeout,
      workflowTaskTimeout: attributes.workflowTaskTimeout,
      parentClosePolicy: attributes.parentClosePolicy,
      control: attributes.control,
      workflowTaskCompletedEventId: long(ctx.completedEventId),
      workflowIdReusePolicy: attributes.workflowIdReusePolicy,
      retryPolicy: attributes.retryPolicy,
      cronSchedule: attributes.cronSchedule,
      header: attributes.header,
      memo: attributes.memo,
      searchAttributes: attributes.searchAttributes,
      inheritBuildId: attributes.inheritBuildId,
      priority: attributes.priority,
    };
    const initiatedEventId = run.append(
      EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      initiated,
      engine.now(),
      command.userMetadata ? { userMetadata: command.userMetadata } : {},
    );
    // The child's static summary/details travel as the command's user metadata.
    const userMetadata = command.userMetadata;
    ctx.afterCommit.push(() => startChild(engine, run, initiatedEventId, initiated, userMetadata ?? undefined));
  },
};

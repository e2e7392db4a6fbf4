import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { ServiceError } from '../grpc/service-error';
import { attributesOf, EventType } from '../history/event-types';
import { type ChildState, type Run } from '../history/run';
import { recordExternalEvent } from '../workflow-task/schedule';
import { requestCancelRun } from './request-cancel';
import { startWorkflow } from './start-workflow';
import { terminateRun } from './terminate';

type InitiatedAttributes = temporal.api.history.v1.IStartChildWorkflowExecutionInitiatedEventAttributes;
const ParentClosePolicy = temporal.api.enums.v1.ParentClosePolicy;

/** After the parent's task is committed: start the child and tell the parent whether it started. */
export function startChild(
  engine: Engine,
  parent: Run,
  initiatedEventId: number,
  attributes: InitiatedAttributes,
  userMetadata?: temporal.api.sdk.v1.IUserMetadata,
): void {
  const namespace = attributes.namespace || parent.namespace;
  const child: ChildState = {
    initiatedEventId,
    namespace,
    workflowId: attributes.workflowId ?? '',
    workflowType: attributes.workflowType?.name ?? '',
    parentClosePolicy: attributes.parentClosePolicy ?? ParentClosePolicy.PARENT_CLOSE_POLICY_UNSPECIFIED,
  };
  let childRun: Run;
  try {
    childRun = startWorkflow(
      engine,
      engine.namespace(namespace),
      {
        ...attributes,
        taskQueue: attributes.taskQueue?.name ? attributes.taskQueue : { name: parent.taskQueue },
        workflowTaskTimeout: attributes.workflowTaskTimeout,
        identity: parent.runId,
        requestId: `${parent.runId}-${initiatedEventId}`,
        workflowIdConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
        userMetadata,
      },
      {
        defaultConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
        parent: { namespace: parent.namespace, execution: parent.execution, initiatedEventId },
        root: parent.root ?? parent.execution,
      },
    ).run;
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== status.ALREADY_EXISTS) throw error;
    recordExternalEvent(engine, parent, () => {
      parent.append(
        EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
        {
          namespace,
          workflowId: child.workflowId,
          workflowType: { name: child.workflowType },
          cause:
            temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause
              .START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
          initiatedEventId,
          workflowTaskCompletedEventId: attributes.workflowTaskCompletedEventId,
        },
        engine.now(),
      );
    });
    return;
  }
  child.runId = childRun.runId;
  parent.children.set(initiatedEventId, child);
  recordExternalEvent(engine, parent, () => {
    child.startedEventId = parent.append(
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
      {
        namespace,
        initiatedEventId,
        workflowExecution: { workflowId: child.workflowId, runId: childRun.runId },
        workflowType: { name: child.workflowType },
        header: attributes.header ?? undefined,
      },
      engine.now(),
    );
  });
}

const CHILD_EVENT_BY_CLOSE = new Map<EventType, EventType>([
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED],
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED],
]);

/** The final run of a child chain closed: the parent gets the matching child event (continue-as-new is invisible). */
export function notifyParentOfClose(engine: Engine, childRun: Run): void {
  const link = childRun.parent;
  const closeEvent = childRun.closeEvent;
  if (!link || !closeEvent) return;
  let parent: Run | undefined;
  try {
    parent = engine.namespace(link.namespace).runById(link.execution.runId ?? '');
  } catch {
    return;
  }
  const child = parent?.children.get(link.initiatedEventId);
  if (!parent?.isOpen || !child) return;
  const type = CHILD_EVENT_BY_CLOSE.get(closeEvent.eventType as EventType);
  if (!type) return;
  const close = attributesOf<{
    result?: unknown;
    failure?: unknown;
    retryState?: unknown;
    details?: unknown;
  }>(closeEvent);
  parent.children.delete(link.initiatedEventId);
  const target = parent;
  recordExternalEvent(engine, target, () => {
    target.append(
      type,
      {
        namespace: child.namespace,
        workflowExecution: { workflowId: child.workflowId, runId: child.runId },
        workflowType: { name: child.workflowType },
        initiatedEventId: child.initiatedEventId,
        startedEventId: child.startedEventId,
        result: close.result,
        failure: close.failure,
        retryState: close.retryState,
        details: close.details,
      },
      engine.now(),
    );
  });
}

/** The parent closed: terminate or cancel its open children per their parent-close policy (default TERMINATE). */
export function applyParentClosePolicies(engine: Engine, parent: Run): void {
  for (const child of parent.children.values()) {
    if (child.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON) continue;
    const ns = engine.namespace(child.namespace);
    const current = ns.latestRun(child.workflowId);
    if (!current?.isOpen || current.parent?.execution.runId !== parent.runId) continue;
    if (child.parentClosePolicy === ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL) {
      requestCancelRun(engine, current, { reason: 'by parent close policy', identity: 'server' });
    } else {
      terminateRun(engine, current, 'by parent close policy', 'server');
    }
  }
  parent.children.clear();
}

import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { encodeTaskToken } from '../history/task-tokens';
import { long, msToTimestamp } from '../proto/time';
import { deliverUpdates } from '../updates/deliver';
import { timeOutWorkflowTask } from './end';

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;

// Real-server thresholds for suggesting continue-as-new (the SDK's `continueAsNewSuggested`).
const SUGGEST_CAN_EVENTS = 4096;
const SUGGEST_CAN_BYTES = 4 * 1024 * 1024;

/** Starts the run's scheduled workflow task for a poller; undefined when it is no longer startable. */
export function startWorkflowTask(
  engine: Engine,
  run: Run,
  scheduledEventId: number,
  identity: string,
): PollResponse | undefined {
  const task = run.workflowTask;
  if (!run.isOpen || !task || task.state !== 'scheduled' || task.scheduledEventId !== scheduledEventId) {
    return undefined;
  }
  const now = engine.now();
  const reasons: temporal.api.enums.v1.SuggestContinueAsNewReason[] = [];
  if (run.events.length >= SUGGEST_CAN_EVENTS) {
    reasons.push(
      temporal.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_TOO_MANY_HISTORY_EVENTS,
    );
  }
  if (run.historySizeBytes >= SUGGEST_CAN_BYTES) {
    reasons.push(
      temporal.api.enums.v1.SuggestContinueAsNewReason.SUGGEST_CONTINUE_AS_NEW_REASON_HISTORY_SIZE_TOO_LARGE,
    );
  }
  task.startedEventId = run.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    {
      scheduledEventId,
      identity,
      requestId: `${run.runId}-${scheduledEventId}`,
      historySizeBytes: run.historySizeBytes,
      suggestContinueAsNew: reasons.length > 0,
      suggestContinueAsNewReasons: reasons,
    },
    now,
  );
  task.state = 'started';
  task.cancelTimeout = engine.clock.scheduleAfter(
    run.workflowTaskTimeoutMs,
    () => timeOutWorkflowTask(engine, run, task),
    `workflow task timeout ${run.workflowId}/${scheduledEventId}`,
  );
  const queries: Record<string, temporal.api.query.v1.IWorkflowQuery> = {};
  for (const query of run.pendingQueries) {
    if (query.settled) continue;
    task.attachedQueries.set(query.id, query);
    queries[query.id] = query.query;
  }
  run.pendingQueries = [];
  const scheduledEvent = run.event(scheduledEventId);
  return {
    taskToken: encodeTaskToken({
      kind: 'workflow-task',
      namespace: run.namespace,
      runId: run.runId,
      scheduledEventId,
      attempt: task.attempt,
    }),
    workflowExecution: run.execution,
    workflowType: { name: run.workflowType },
    previousStartedEventId: long(run.lastCompletedStartedEventId),
    startedEventId: long(task.startedEventId),
    attempt: task.attempt,
    history: { events: run.events.slice() },
    workflowExecutionTaskQueue: {
      name: run.taskQueue,
      kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
    },
    scheduledTime: scheduledEvent?.eventTime ?? msToTimestamp(now),
    startedTime: msToTimestamp(now),
    queries,
    messages: deliverUpdates(run, task),
  };
}

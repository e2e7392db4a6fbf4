import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type Run } from '../history/run';
import { encodeTaskToken } from '../history/task-tokens';
import { long } from '../proto/time';
import { type QueryRecord } from './query-record';

type PollResponse = temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;

/** Sends queries waiting for a workflow task that is not coming as legacy query tasks instead. */
export function dispatchPendingQueriesAsLegacy(engine: Engine, run: Run): void {
  if (run.workflowTask && run.isOpen) return;
  const pending = run.pendingQueries;
  run.pendingQueries = [];
  for (const query of pending) {
    if (!query.settled) engine.workflowQueues.get(run.namespace, run.taskQueue).offer({ kind: 'query', run, query });
  }
}

/**
 * Builds a legacy query task, or returns undefined when the query is settled or must wait for the run's outstanding
 * workflow task (a legacy query is never handed out while a workflow task is pending).
 */
export function startLegacyQuery(engine: Engine, run: Run, query: QueryRecord): PollResponse | undefined {
  if (query.settled) return undefined;
  if (run.workflowTask && run.isOpen) {
    run.pendingQueries.push(query);
    return undefined;
  }
  engine.outstandingQueries.set(query.id, query);
  return {
    taskToken: encodeTaskToken({ kind: 'query', namespace: run.namespace, queryId: query.id }),
    workflowExecution: run.execution,
    workflowType: { name: run.workflowType },
    workflowExecutionTaskQueue: {
      name: run.taskQueue,
      kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
    },
    // Computed now, not at query time: Core rejects a value older than what its cached run has seen.
    previousStartedEventId: long(run.lastCompletedStartedEventId),
    startedEventId: long(0),
    attempt: 1,
    history: { events: run.events.slice() },
    query: query.query,
  };
}

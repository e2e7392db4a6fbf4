import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type ParentLink, Run } from '../history/run';
import { type Namespace } from '../namespace/namespace';
import { msToDuration, msToTimestamp, optionalDuration } from '../proto/time';
import { scheduleWorkflowTask } from '../workflow-task/schedule';
import { timeOutRun } from './timeout';

type Payload = temporal.api.common.v1.IPayload;
type Payloads = temporal.api.common.v1.IPayloads;
type Execution = temporal.api.common.v1.IWorkflowExecution;

/** Everything a new run needs; timeouts and policies already normalised, search attributes already typed. */
export interface RunSpec {
  readonly workflowId: string;
  readonly workflowType: string;
  readonly taskQueue: string;
  readonly input?: Payloads | null;
  readonly header?: temporal.api.common.v1.IHeader | null;
  readonly memo: Record<string, Payload>;
  readonly searchAttributes: Record<string, Payload>;
  readonly identity: string;
  readonly requestId: string;
  readonly workflowTaskTimeoutMs: number;
  readonly runTimeoutMs: number;
  readonly executionTimeoutMs: number;
  readonly retryPolicy?: temporal.api.common.v1.IRetryPolicy;
  readonly cronSchedule?: string;
  readonly firstTaskBackoffMs: number;
  readonly attempt: number;
  readonly chain?: {
    readonly firstExecutionRunId: string;
    readonly continuedExecutionRunId: string;
    readonly initiator: temporal.api.enums.v1.ContinueAsNewInitiator;
    readonly executionExpirationMs: number;
    readonly continuedFailure?: temporal.api.failure.v1.IFailure | null;
    readonly lastCompletionResult?: Payloads | null;
  };
  readonly parent?: ParentLink;
  readonly root?: Execution;
  readonly userMetadata?: temporal.api.sdk.v1.IUserMetadata | null;
  readonly priority?: temporal.api.common.v1.IPriority | null;
}

/**
 * Creates a run, writes `WorkflowExecutionStarted` and schedules (or delays) the first workflow task.
 * `beforeFirstTask` may append events that must precede the first task (signal-with-start's signal).
 */
export function createRun(
  engine: Engine,
  ns: Namespace,
  spec: RunSpec,
  beforeFirstTask?: (run: Run) => void,
  runId: string = randomUUID(),
): Run {
  const now = engine.now();
  const firstExecutionRunId = spec.chain?.firstExecutionRunId ?? runId;
  const run = new Run({ namespace: ns.name, workflowId: spec.workflowId, runId, firstExecutionRunId });
  run.workflowType = spec.workflowType;
  run.taskQueue = spec.taskQueue;
  run.startTimeMs = now;
  run.executionTimeMs = now + spec.firstTaskBackoffMs;
  run.startRequestId = spec.requestId;
  run.workflowTaskTimeoutMs = spec.workflowTaskTimeoutMs;
  run.runTimeoutMs = spec.runTimeoutMs;
  run.executionTimeoutMs = spec.executionTimeoutMs;
  run.executionExpirationMs =
    spec.chain?.executionExpirationMs ?? (spec.executionTimeoutMs > 0 ? now + spec.executionTimeoutMs : 0);
  run.attempt = spec.attempt;
  run.retryPolicy = spec.retryPolicy;
  run.cronSchedule = spec.cronSchedule ?? '';
  run.memo = spec.memo;
  run.searchAttributes = spec.searchAttributes;
  run.parent = spec.parent;
  run.root = spec.root ?? (spec.parent ? undefined : { workflowId: spec.workflowId, runId });
  ns.addRun(run);
  run.durability = engine.durability;
  engine.durability?.runCreated(run);

  run.append(
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    {
      workflowId: spec.workflowId,
      workflowType: { name: spec.workflowType },
      taskQueue: { name: spec.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      input: spec.input ?? undefined,
      header: spec.header ?? undefined,
      workflowExecutionTimeout: optionalDuration(spec.executionTimeoutMs),
      workflowRunTimeout: optionalDuration(spec.runTimeoutMs),
      workflowTaskTimeout: msToDuration(spec.workflowTaskTimeoutMs),
      continuedExecutionRunId: spec.chain?.continuedExecutionRunId,
      initiator: spec.chain?.initiator,
      continuedFailure: spec.chain?.continuedFailure ?? undefined,
      lastCompletionResult: spec.chain?.lastCompletionResult ?? undefined,
      // The workflow PRNG seed: stable for the life of the run, so replays draw the same numbers.
      originalExecutionRunId: runId,
      identity: spec.identity,
      firstExecutionRunId,
      retryPolicy: spec.retryPolicy,
      attempt: spec.attempt,
      workflowExecutionExpirationTime: run.executionExpirationMs ? msToTimestamp(run.executionExpirationMs) : undefined,
      cronSchedule: spec.cronSchedule || undefined,
      firstWorkflowTaskBackoff: optionalDuration(spec.firstTaskBackoffMs),
      memo: { fields: spec.memo },
      searchAttributes: { indexedFields: spec.searchAttributes },
      parentWorkflowNamespace: spec.parent?.namespace,
      parentWorkflowExecution: spec.parent?.execution,
      parentInitiatedEventId: spec.parent?.initiatedEventId,
      rootWorkflowExecution: run.root,
      priority: spec.priority ?? undefined,
    },
    now,
    spec.userMetadata ? { userMetadata: spec.userMetadata } : {},
  );
  run.seenRequestIds.add(spec.requestId);
  armRunTimeout(engine, run);
  // Held until the first task may be scheduled, so events appended by `beforeFirstTask` cannot schedule it early.
  run.awaitingFirstTask = true;
  beforeFirstTask?.(run);
  if (spec.firstTaskBackoffMs > 0) {
    run.cancelFirstTaskBackoff = engine.clock.scheduleAfter(
      spec.firstTaskBackoffMs,
      () => {
        run.awaitingFirstTask = false;
        scheduleWorkflowTask(engine, run);
      },
      `first workflow task of ${run.workflowId}`,
    );
  } else {
    run.awaitingFirstTask = false;
    scheduleWorkflowTask(engine, run);
  }
  return run;
}

/** Run and execution timeouts are virtual-clock timers, cancelled at close so time never jumps to them needlessly. */
export function armRunTimeout(engine: Engine, run: Run): void {
  const deadlines = [
    run.runTimeoutMs > 0 ? run.executionTimeMs + run.runTimeoutMs : 0,
    run.executionExpirationMs,
  ].filter((d) => d > 0);
  if (deadlines.length === 0) return;
  run.closeTimers.push(
    engine.clock.schedule(Math.min(...deadlines), () => timeOutRun(engine, run), `run timeout ${run.workflowId}`),
  );
}

import { temporal } from '@temporalio/proto';
import { type ActivityState } from '../activities/activity-state';
import { type Release } from '../clock/virtual-clock';
import { encodeMessage, messageType } from '../proto/codec';
import { long, msToTimestamp } from '../proto/time';
import { type QueryRecord } from '../queries/query-record';
import { type UpdateRecord } from '../updates/update-record';
import { type WorkflowTaskState } from '../workflow-task/workflow-task-state';
import { type Durability } from '../persistence/durability';
import { attributesKey, type EventType, type HistoryEvent, isCloseEvent } from './event-types';

export const Status = temporal.api.enums.v1.WorkflowExecutionStatus;
export type Status = temporal.api.enums.v1.WorkflowExecutionStatus;
type Payload = temporal.api.common.v1.IPayload;
type Execution = temporal.api.common.v1.IWorkflowExecution;

export interface ChildState {
  readonly initiatedEventId: number;
  readonly namespace: string;
  readonly workflowId: string;
  readonly workflowType: string;
  readonly parentClosePolicy: temporal.api.enums.v1.ParentClosePolicy;
  runId?: string;
  startedEventId?: number;
}

export interface ParentLink {
  readonly namespace: string;
  readonly execution: Execution;
  readonly initiatedEventId: number;
}

export interface RunIdentity {
  readonly namespace: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly firstExecutionRunId: string;
}

const historyEventType = messageType('temporal.api.history.v1.HistoryEvent');

/** One run of a workflow execution: its history and the state needed to continue it. */
export class Run {
  readonly namespace: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly firstExecutionRunId: string;
  workflowType = '';
  taskQueue = '';
  status: Status = Status.WORKFLOW_EXECUTION_STATUS_RUNNING;
  readonly events: HistoryEvent[] = [];
  historySizeBytes = 0;
  startTimeMs = 0;
  executionTimeMs = 0;
  closeTimeMs?: number;
  /** The request id of the start that created this run (a repeated start with it returns this run). */
  startRequestId = '';
  workflowTaskTimeoutMs = 10_000;
  runTimeoutMs = 0;
  executionTimeoutMs = 0;
  /** Epoch ms at which the whole chain expires (0 = never). */
  executionExpirationMs = 0;
  attempt = 1;
  retryPolicy?: temporal.api.common.v1.IRetryPolicy;
  cronSchedule = '';
  memo: Record<string, Payload> = {};
  searchAttributes: Record<string, Payload> = {};
  binaryChecksums: string[] = [];
  parent?: ParentLink;
  root?: Execution;
  /** True until the first workflow task may be scheduled (start delay / retry backoff). */
  awaitingFirstTask = false;
  cancelFirstTaskBackoff?: Release;
  workflowTask?: WorkflowTaskState;
  nextWorkflowTaskAttempt = 1;
  lastCompletedStartedEventId = 0;
  /** Events caused from outside while a workflow task is started; appended after its completion. */
  buffered: Array<() => void> = [];
  readonly activities = new Map<number, ActivityState>();
  readonly timers = new Map<string, { startedEventId: number; cancel: Release }>();
  readonly children = new Map<number, ChildState>();
  readonly updates = new Map<string, UpdateRecord>();
  pendingQueries: QueryRecord[] = [];
  cancelRequested = false;
  readonly seenRequestIds = new Set<string>();
  /** Run-level timers (run/execution timeout) cancelled when the run closes. */
  closeTimers: Release[] = [];
  nextRun?: Run;
  /** Journals every appended event (`--db-filename`); undefined in memory. */
  durability?: Pick<Durability, 'eventAppended' | 'eventBuffered' | 'bufferFlushed'>;
  private readonly eventListeners = new Set<() => void>();

  constructor(identity: RunIdentity) {
    this.namespace = identity.namespace;
    this.workflowId = identity.workflowId;
    this.runId = identity.runId;
    this.firstExecutionRunId = identity.firstExecutionRunId;
  }

  get execution(): Execution {
    return { workflowId: this.workflowId, runId: this.runId };
  }

  get isOpen(): boolean {
    return this.status === Status.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  get lastEventId(): number {
    return this.events.length;
  }

  get closeEvent(): HistoryEvent | undefined {
    const last = this.events[this.events.length - 1];
    return last && isCloseEvent(last.eventType as EventType) ? last : undefined;
  }

  /** Appends one event (ids are contiguous from 1) and returns its id. */
  append(type: EventType, attributes: object, nowMs: number, extra: Partial<HistoryEvent> = {}): number {
    if (this.closeEvent) throw new Error(`run ${this.runId} is closed; cannot append ${type}`);
    const event: HistoryEvent = {
      eventId: long(this.events.length + 1),
      eventTime: msToTimestamp(nowMs),
      eventType: type,
      taskId: long(this.events.length + 1),
      ...extra,
      [attributesKey(type)]: attributes,
    };
    this.events.push(event);
    this.durability?.eventAppended(this, event);
    this.historySizeBytes += encodeMessage(historyEventType, event).length;
    for (const listener of [...this.eventListeners]) listener();
    return this.events.length;
  }

  event(eventId: number): HistoryEvent | undefined {
    return this.events[eventId - 1];
  }

  /** Subscribes to appended events (history long polls); returns the unsubscribe function. */
  onEvent(listener: () => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
}

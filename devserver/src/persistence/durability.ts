import { type ActivityState } from '../activities/activity-state';
import { type HistoryEvent } from '../history/event-types';
import { type Run } from '../history/run';
import { type Namespace } from '../namespace/namespace';
import { type Journal } from './journal';
import { encodeRecord, type JournalRecord, type RunMeta } from './records';

/**
 * Where the engine reports the mutations that must survive a crash (`--db-filename`). The engine calls these
 * synchronously at each mutation point; `barrier` resolves once everything reported so far is on disk, and the gRPC
 * wrapper awaits it before answering. Absent (undefined) for the in-memory server, so it costs nothing there.
 */
export interface Durability {
  runCreated(run: Run): void;
  eventAppended(run: Run, event: HistoryEvent): void;
  /** `heartbeatAtMs` when a heartbeat caused the report (its details and time restart the heartbeat deadline). */
  activityAttempt(run: Run, activity: ActivityState, heartbeatAtMs?: number): void;
  searchAttributesChanged(ns: Namespace): void;
  eventBuffered(run: Run, event: HistoryEvent): void;
  bufferFlushed(run: Run): void;
  barrier(): Promise<void>;
  close(): Promise<void>;
}

/** Durability on the append-only journal: one record per mutation, group commit shares the fsyncs. */
export class JournalDurability implements Durability {
  // Appends resolve in order, so the newest one covers all the earlier ones.
  private lastAppend: Promise<void> = Promise.resolve();
  private readonly lastHeartbeatMs = new WeakMap<ActivityState, number>();

  constructor(private readonly journal: Journal) {}

  runCreated(run: Run): void {
    this.write({ kind: 'run.created', meta: runMetaOf(run) });
  }

  eventAppended(run: Run, event: HistoryEvent): void {
    this.write({ kind: 'events.appended', namespace: run.namespace, runId: run.runId, event });
  }

  activityAttempt(run: Run, activity: ActivityState, heartbeatAtMs?: number): void {
    if (heartbeatAtMs !== undefined) this.lastHeartbeatMs.set(activity, heartbeatAtMs);
    if (activity.state !== 'started') this.lastHeartbeatMs.delete(activity);
    this.write({
      kind: 'activity.attempt',
      attempt: {
        namespace: run.namespace,
        runId: run.runId,
        scheduledEventId: activity.scheduledEventId,
        attempt: activity.attempt,
        state: activity.state,
        currentAttemptScheduledTimeMs: activity.currentAttemptScheduledTimeMs,
        startedAtMs: activity.state === 'started' ? activity.startedTimeMs : undefined,
        startedIdentity: activity.startedIdentity,
        lastHeartbeatMs: this.lastHeartbeatMs.get(activity),
        details: activity.lastHeartbeatDetails,
        lastFailure: activity.lastFailure,
      },
    });
  }

  searchAttributesChanged(ns: Namespace): void {
    this.write({ kind: 'searchAttributes.set', namespace: ns.name, custom: [...ns.searchAttributes.custom] });
  }

  eventBuffered(run: Run, event: HistoryEvent): void {
    this.write({ kind: 'event.buffered', namespace: run.namespace, runId: run.runId, event });
  }

  bufferFlushed(run: Run): void {
    this.write({ kind: 'buffer.flushed', namespace: run.namespace, runId: run.runId });
  }

  barrier(): Promise<void> {
    return this.lastAppend;
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  private write(record: JournalRecord): void {
    const appended = this.journal.append(encodeRecord(record));
    // A failed journal fails every later barrier (and so every RPC answer); keep the rejection observed here.
    appended.catch(() => undefined);
    this.lastAppend = appended;
  }
}

export function runMetaOf(run: Run): RunMeta {
  return {
    namespace: run.namespace,
    workflowId: run.workflowId,
    runId: run.runId,
    firstExecutionRunId: run.firstExecutionRunId,
    workflowType: run.workflowType,
    taskQueue: run.taskQueue,
    startRequestId: run.startRequestId,
    startTimeMs: run.startTimeMs,
    executionTimeMs: run.executionTimeMs,
    workflowTaskTimeoutMs: run.workflowTaskTimeoutMs,
    runTimeoutMs: run.runTimeoutMs,
    executionTimeoutMs: run.executionTimeoutMs,
    executionExpirationMs: run.executionExpirationMs,
    attempt: run.attempt,
    retryPolicy: run.retryPolicy,
    cronSchedule: run.cronSchedule,
    parent: run.parent,
    root: run.root,
  };
}

import { type ActivityState } from '../activities/activity-state';
import { type HistoryEvent } from '../history/event-types';
import { type Run } from '../history/run';
import { type Namespace } from '../namespace/namespace';
import { type Journal } from './journal';
import { type Engine } from '../engine/engine';
import { type ActivityAttempt, encodeBatch, encodeRecord, type JournalRecord, type RunMeta } from './records';
import { snapshotRecords, type SnapshotSources } from './snapshot';

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
  requestIdSeen(run: Run, requestId: string): void;
  /** Retention removed a closed run. */
  runDeleted(run: Run): void;
  barrier(): Promise<void>;
  close(): Promise<void>;
}

// Compact when the journal is past this size and twice what the last snapshot wrote.
const MIN_COMPACTION_BYTES = 64 * 1024 * 1024;

/**
 * Durability on the append-only journal: one record per mutation, group commit shares the fsyncs. Compacts the
 * journal into a snapshot of the engine's state when it has grown enough.
 */
export class JournalDurability implements Durability, SnapshotSources {
  // Appends resolve in order, so the newest one covers all the earlier ones.
  private lastAppend: Promise<void> = Promise.resolve();
  private readonly lastHeartbeatMs = new WeakMap<ActivityState, number>();
  private readonly buffered = new Map<Run, HistoryEvent[]>();
  readonly onClose: Array<() => void> = [];
  private pending: Buffer[] = [];
  private compacting = false;
  private snapshotBytes = 0;

  constructor(
    private readonly journal: Journal,
    private readonly engine: Engine,
    private readonly minCompactionBytes = MIN_COMPACTION_BYTES,
  ) {}

  runCreated(run: Run): void {
    this.write({ kind: 'run.created', meta: runMetaOf(run) });
  }

  eventAppended(run: Run, event: HistoryEvent): void {
    this.write({ kind: 'events.appended', namespace: run.namespace, runId: run.runId, event });
  }

  activityAttempt(run: Run, activity: ActivityState, heartbeatAtMs?: number): void {
    if (heartbeatAtMs !== undefined) this.lastHeartbeatMs.set(activity, heartbeatAtMs);
    if (activity.state !== 'started') this.lastHeartbeatMs.delete(activity);
    this.write({ kind: 'activity.attempt', attempt: this.attemptRecord(run, activity) });
  }

  private attemptRecord(run: Run, activity: ActivityState): ActivityAttempt {
    return {
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
    };
  }

  searchAttributesChanged(ns: Namespace): void {
    this.write({ kind: 'searchAttributes.set', namespace: ns.name, custom: [...ns.searchAttributes.custom] });
  }

  eventBuffered(run: Run, event: HistoryEvent): void {
    this.buffered.set(run, [...(this.buffered.get(run) ?? []), event]);
    this.write({ kind: 'event.buffered', namespace: run.namespace, runId: run.runId, event });
  }

  bufferFlushed(run: Run): void {
    this.buffered.delete(run);
    this.write({ kind: 'buffer.flushed', namespace: run.namespace, runId: run.runId });
  }

  requestIdSeen(run: Run, requestId: string): void {
    this.write({ kind: 'requestId.seen', namespace: run.namespace, runId: run.runId, requestId });
  }

  runDeleted(run: Run): void {
    this.buffered.delete(run);
    this.write({ kind: 'run.deleted', namespace: run.namespace, runId: run.runId });
  }

  runMeta(run: Run): RunMeta {
    return runMetaOf(run);
  }

  /** Only attempts that differ from what the scheduled event implies (a fresh attempt 1) need a record. */
  attemptOf(run: Run, activity: ActivityState): ActivityAttempt | undefined {
    return activity.attempt > 1 || activity.state !== 'scheduled' ? this.attemptRecord(run, activity) : undefined;
  }

  bufferedOf(run: Run): readonly HistoryEvent[] {
    if (!run.isOpen) this.buffered.delete(run);
    return this.buffered.get(run) ?? [];
  }

  /** Replaces the journal with a snapshot of the state now; later appends land after it. */
  compact(): Promise<void> {
    // Records of mutations the snapshot already contains go to the old file first, never after the snapshot.
    this.flushPending();
    const records = snapshotRecords(this.engine, this);
    this.snapshotBytes = records.reduce((sum, record) => sum + record.length, 0);
    const rewritten = this.journal.rewrite(records);
    // A rewrite failing before its rename leaves the journal appending as before: RPCs need not fail for it. One
    // failing after the rename stops the journal, and every later append (so every barrier) rejects anyway.
    this.lastAppend = rewritten.catch(() => undefined);
    return rewritten;
  }

  barrier(): Promise<void> {
    this.flushPending();
    return this.lastAppend;
  }

  /** Stops `onClose` work (the retention sweeps), then finishes queued appends and closes the file. */
  close(): Promise<void> {
    for (const stop of this.onClose.splice(0)) stop();
    this.flushPending();
    return this.journal.close();
  }

  /**
   * Records of one synchronous stretch of code (a handler, a timer callback) are gathered and appended as one batch
   * at the next microtask (or at the barrier, if sooner): the engine's state is consistent only between such
   * stretches, so that is the unit a crash may keep or lose, never split.
   */
  private write(record: JournalRecord): void {
    this.pending.push(encodeRecord(record));
    if (this.pending.length === 1) queueMicrotask(() => this.flushPending());
  }

  private flushPending(): void {
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    const appended = this.journal.append(records.length === 1 ? (records[0] as Buffer) : encodeBatch(records));
    // A failed journal fails every later barrier (and so every RPC answer); keep the rejection observed here.
    appended.catch(() => undefined);
    this.lastAppend = appended;
    this.compactIfGrown();
  }

  private compactIfGrown(): void {
    if (this.compacting) return;
    const size = this.journal.sizeBytes;
    if (size < this.minCompactionBytes || size < 2 * this.snapshotBytes) return;
    this.compacting = true;
    // After the current handler's mutations (same turn), so the snapshot is a consistent state.
    setImmediate(() => {
      this.compact()
        .catch((error: unknown) => this.engine.log('journal compaction failed', error))
        .finally(() => {
          this.compacting = false;
        });
    });
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

import { type Engine } from '../engine/engine';
import { type HistoryEvent } from '../history/event-types';
import { Run } from '../history/run';
import { type ActivityAttempt, decodeRecord, type RunMeta, unpackRecords } from './records';

/** Runs rebuilt from the journal, with the last recorded attempt state of their activities. */
export interface AppliedJournal {
  readonly runs: Run[];
  /** Keyed by `attemptKey`. */
  readonly attempts: ReadonlyMap<string, ActivityAttempt>;
  /** External events acknowledged but not yet in history at the crash, per run, oldest first. */
  readonly buffered: ReadonlyMap<Run, readonly HistoryEvent[]>;
}

export function attemptKey(namespace: string, runId: string, scheduledEventId: number): string {
  return `${namespace}/${runId}/${scheduledEventId}`;
}

/**
 * Replays the journal's records into the engine's namespaces without side effects: no clock timers, no queue items,
 * no events appended. Behaviour is re-armed afterwards, once every run exists (a parent needs its children).
 */
export function applyRecords(engine: Engine, records: readonly Buffer[]): AppliedJournal {
  const runs = new Map<string, Run>();
  const attempts = new Map<string, ActivityAttempt>();
  const buffered = new Map<Run, HistoryEvent[]>();
  const runKey = (namespace: string, runId: string) => `${namespace}/${runId}`;
  for (const bytes of records.flatMap(unpackRecords)) {
    const record = decodeRecord(bytes);
    switch (record.kind) {
      case 'searchAttributes.set': {
        const custom = engine.addNamespace(record.namespace).searchAttributes.custom;
        custom.clear();
        for (const [name, type] of record.custom) custom.set(name, type);
        // `--search-attribute` flags of this start add to the recorded registry; they never vanish by a record.
        for (const [name, type] of engine.config.searchAttributes) if (!custom.has(name)) custom.set(name, type);
        break;
      }
      case 'run.created': {
        const run = runFromMeta(record.meta);
        runs.set(runKey(run.namespace, run.runId), run);
        break;
      }
      case 'events.appended': {
        const run = runs.get(runKey(record.namespace, record.runId));
        if (!run) throw new Error(`journal: events for unknown run ${record.namespace}/${record.runId}`);
        run.events.push(record.event);
        // The encoded event is the record minus its kind byte and JSON head: what the live server counted.
        run.historySizeBytes += bytes.length - bytes.indexOf(0, 1) - 1;
        break;
      }
      case 'activity.attempt': {
        const a = record.attempt;
        attempts.set(attemptKey(a.namespace, a.runId, a.scheduledEventId), a);
        break;
      }
      case 'event.buffered': {
        const run = runs.get(runKey(record.namespace, record.runId));
        if (run) buffered.set(run, [...(buffered.get(run) ?? []), record.event]);
        break;
      }
      case 'buffer.flushed': {
        const run = runs.get(runKey(record.namespace, record.runId));
        if (run) buffered.delete(run);
        break;
      }
      case 'requestId.seen':
        runs.get(runKey(record.namespace, record.runId))?.seenRequestIds.add(record.requestId);
        break;
      case 'run.deleted':
        runs.delete(runKey(record.namespace, record.runId));
        break;
    }
  }
  // Added at the end, in creation order (a workflow id's runs are kept oldest first), so deleted runs never appear.
  for (const run of runs.values()) engine.addNamespace(run.namespace).addRun(run);
  return { runs: [...runs.values()], attempts, buffered };
}

function runFromMeta(meta: RunMeta): Run {
  const run = new Run(meta);
  run.workflowType = meta.workflowType;
  run.taskQueue = meta.taskQueue;
  run.startRequestId = meta.startRequestId;
  run.seenRequestIds.add(meta.startRequestId);
  run.startTimeMs = meta.startTimeMs;
  run.executionTimeMs = meta.executionTimeMs;
  run.workflowTaskTimeoutMs = meta.workflowTaskTimeoutMs;
  run.runTimeoutMs = meta.runTimeoutMs;
  run.executionTimeoutMs = meta.executionTimeoutMs;
  run.executionExpirationMs = meta.executionExpirationMs;
  run.attempt = meta.attempt;
  run.retryPolicy = meta.retryPolicy;
  run.cronSchedule = meta.cronSchedule;
  run.parent = meta.parent;
  run.root = meta.root;
  return run;
}

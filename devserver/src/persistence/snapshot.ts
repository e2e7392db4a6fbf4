import { type ActivityState } from '../activities/activity-state';
import { type Engine } from '../engine/engine';
import { type HistoryEvent } from '../history/event-types';
import { type Run } from '../history/run';
import { type ActivityAttempt, encodeRecord, type RunMeta } from './records';

/** What the journal knows beyond the engine's own objects: recorded attempt state and events still buffered. */
export interface SnapshotSources {
  runMeta(run: Run): RunMeta;
  attemptOf(run: Run, activity: ActivityState): ActivityAttempt | undefined;
  bufferedOf(run: Run): readonly HistoryEvent[];
}

/**
 * The current state re-encoded as records (compaction): replaying them rebuilds exactly what the whole journal
 * would, because recovery derives everything else from these same records. Taken synchronously, so it is the state
 * at one instant, which is what `journal.rewrite` expects.
 */
export function snapshotRecords(engine: Engine, sources: SnapshotSources): Buffer[] {
  const records: Buffer[] = [];
  for (const ns of engine.allNamespaces()) {
    if (ns.searchAttributes.custom.size > 0) {
      records.push(
        encodeRecord({ kind: 'searchAttributes.set', namespace: ns.name, custom: [...ns.searchAttributes.custom] }),
      );
    }
    for (const run of ns.allRuns()) {
      records.push(encodeRecord({ kind: 'run.created', meta: sources.runMeta(run) }));
      for (const event of run.events) {
        records.push(encodeRecord({ kind: 'events.appended', namespace: run.namespace, runId: run.runId, event }));
      }
      if (!run.isOpen) continue;
      for (const requestId of run.seenRequestIds) {
        if (requestId === run.startRequestId) continue;
        records.push(encodeRecord({ kind: 'requestId.seen', namespace: run.namespace, runId: run.runId, requestId }));
      }
      for (const activity of run.activities.values()) {
        const attempt = sources.attemptOf(run, activity);
        if (attempt) records.push(encodeRecord({ kind: 'activity.attempt', attempt }));
      }
      for (const event of sources.bufferedOf(run)) {
        records.push(encodeRecord({ kind: 'event.buffered', namespace: run.namespace, runId: run.runId, event }));
      }
    }
  }
  return records;
}

import { type Engine } from '../engine/engine';
import { type Run } from '../history/run';
import { type Durability } from './durability';

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Deletes closed runs whose close is older than `retentionMs` (the namespace retention of the real server), now and
 * then every minute; the journal forgets them at its next compaction. Returns the function that stops the sweeps.
 */
export function startRetention(engine: Engine, durability: Durability, retentionMs: number): () => void {
  const sweep = () => deleteExpiredRuns(engine, durability, retentionMs);
  sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export function deleteExpiredRuns(engine: Engine, durability: Durability, retentionMs: number): number {
  const cutoff = engine.now() - retentionMs;
  let deleted = 0;
  for (const ns of engine.allNamespaces()) {
    const expired: Run[] = [];
    for (const run of ns.allRuns()) {
      if (!run.isOpen && (run.closeTimeMs ?? Infinity) < cutoff) expired.push(run);
    }
    for (const run of expired) {
      ns.removeRun(run);
      durability.runDeleted(run);
      deleted += 1;
    }
  }
  return deleted;
}

import { type Engine } from '../engine/engine';
import { applyRecords } from './apply-records';
import { JournalDurability } from './durability';
import { openJournal } from './journal';
import { linkChains, rearmRun, redeliverChildCloses } from './rearm';
import { rebuildRunFromHistory } from './rebuild-run';
import { replayBufferedEvents } from './replay-buffered';
import { startRetention } from './retention';

export interface RecoveryReport {
  readonly runs: number;
  readonly openRuns: number;
  readonly records: number;
  readonly droppedBytes: number;
  readonly ms: number;
}

/**
 * Opens the journal at `file`, rebuilds the engine's state from it and makes the engine journal from then on.
 * Must run before the server accepts calls: recovered runs are re-armed (due timers fire, tasks are re-dispatched)
 * with the engine's durability already set, so whatever they append is journaled too.
 */
export async function recoverEngine(engine: Engine, file: string, retentionMs: number): Promise<RecoveryReport> {
  const started = Date.now();
  const { journal, records, droppedBytes } = await openJournal(file);
  const durability = new JournalDurability(journal, engine);
  const { runs, attempts, buffered } = applyRecords(engine, records);
  const pendingByRun = runs.map((run) => ({ run, pending: rebuildRunFromHistory(run) }));
  engine.durability = durability;
  for (const run of runs) run.durability = durability;
  linkChains(engine, runs);
  let openRuns = 0;
  for (const { run, pending } of pendingByRun) {
    if (!run.isOpen) continue;
    openRuns += 1;
    rearmRun(engine, run, pending, attempts);
    replayBufferedEvents(engine, run, buffered.get(run) ?? []);
  }
  redeliverChildCloses(engine, runs);
  durability.onClose.push(startRetention(engine, durability, retentionMs));
  return { runs: runs.length, openRuns, records: records.length, droppedBytes, ms: Date.now() - started };
}

import { type Engine } from '../engine/engine';
import { type Run } from '../history/run';
import { scheduleWorkflowTask } from '../workflow-task/schedule';

/** Ends a pending first-task backoff (start delay) now and schedules the first workflow task. */
export function bypassStartDelay(engine: Engine, run: Run): void {
  if (!run.isOpen || !run.awaitingFirstTask || !run.cancelFirstTaskBackoff) return;
  run.cancelFirstTaskBackoff();
  run.cancelFirstTaskBackoff = undefined;
  run.awaitingFirstTask = false;
  scheduleWorkflowTask(engine, run);
}

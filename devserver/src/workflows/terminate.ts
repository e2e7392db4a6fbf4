import { type temporal } from '../proto/codec';
import { type Engine } from '../engine/engine';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { closeRun } from './close';

/** Written immediately, even while a workflow task runs (that task's completion then gets NOT_FOUND). */
export function terminateRun(
  engine: Engine,
  run: Run,
  reason: string,
  identity: string,
  details?: temporal.api.common.v1.IPayloads | null,
): void {
  closeRun(engine, run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, {
    reason,
    identity,
    details: details ?? undefined,
  });
}

import { type Engine } from '../engine/engine';
import { notFound } from '../grpc/service-error';
import { type Run } from '../history/run';
import { decodeTaskToken } from '../history/task-tokens';
import { type ActivityState } from './activity-state';

export interface ActivityRef {
  readonly run: Run;
  readonly activity: ActivityState;
}

const ACTIVITY_NOT_FOUND = 'activity task not found';

/** The running attempt a task token names; NOT_FOUND when it is stale (the worker then drops or cancels it). */
export function activityByToken(engine: Engine, tokenBytes: Uint8Array | null | undefined): ActivityRef {
  const token = decodeTaskToken(tokenBytes);
  if (token.kind !== 'activity') throw notFound(ACTIVITY_NOT_FOUND);
  const run = engine.namespace(token.namespace).runById(token.runId);
  const activity = run?.activities.get(token.scheduledEventId);
  if (!run?.isOpen || !activity || activity.attempt !== token.attempt || activity.state !== 'started') {
    throw notFound(ACTIVITY_NOT_FOUND);
  }
  return { run, activity };
}

/** An open activity by workflow id (latest run when no run id) and activity id (async completion by id). */
/** The fields every `*ById` request names its activity by. */
export interface ActivityAddress {
  readonly namespace?: string | null;
  readonly workflowId?: string | null;
  readonly runId?: string | null;
  readonly activityId?: string | null;
}

export function activityById(
  engine: Engine,
  { namespace, workflowId, runId, activityId }: ActivityAddress,
): ActivityRef {
  const ns = engine.namespace(namespace);
  const run = runId ? ns.runById(runId) : ns.latestRun(workflowId ?? '');
  if (!run?.isOpen || run.workflowId !== workflowId) throw notFound(ACTIVITY_NOT_FOUND);
  for (const activity of run.activities.values()) {
    if (activity.activityId === activityId) return { run, activity };
  }
  throw notFound(ACTIVITY_NOT_FOUND);
}

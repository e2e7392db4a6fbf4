import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { type CallContext, longPollBudgetMs } from '../grpc/call-context';
import { invalidArgument, notFound, ServiceError, workflowCompleted } from '../grpc/service-error';
import { type Run } from '../history/run';
import { scheduleWorkflowTask } from '../workflow-task/schedule';
import { type UpdateRecord, type UpdateStage } from './update-record';

const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
type Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
type UpdateResponse = temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse;

const STAGE_OF: Record<UpdateStage, Stage> = {
  admitted: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  delivered: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  accepted: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
  completed: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
};

/**
 * Admits an update (idempotent per update id: a known id returns that update's state, never a second delivery) and
 * makes sure a workflow task will carry it.
 */
export function admitUpdate(engine: Engine, run: Run, request: temporal.api.update.v1.IRequest): UpdateRecord {
  const updateId = request.meta?.updateId;
  if (!updateId) throw invalidArgument('Update id is not set on request.');
  if (!request.input?.name) throw invalidArgument('Update name is not set on request.');
  const existing = run.updates.get(updateId);
  if (existing) return existing;
  if (!run.isOpen) throw workflowCompleted();
  const inFlight = [...run.updates.values()].filter((u) => u.stage !== 'completed').length;
  if (inFlight >= engine.config.maxInFlightUpdates) {
    throw new ServiceError(
      status.RESOURCE_EXHAUSTED,
      `limit on number of concurrent in-flight updates has been reached (${engine.config.maxInFlightUpdates})`,
    );
  }
  const update: UpdateRecord = { updateId, request, stage: 'admitted', listeners: new Set() };
  run.updates.set(updateId, update);
  scheduleWorkflowTask(engine, run);
  return update;
}

/**
 * Waits (bounded by the update long-poll interval and the caller's deadline) until the update reaches `wanted`,
 * then reports the stage reached: a stage below the wanted one is an answer too, and the client asks again.
 */
export function awaitUpdateStage(
  engine: Engine,
  run: Run,
  update: UpdateRecord,
  wanted: Stage,
  ctx: CallContext,
): Promise<UpdateResponse> {
  const respond = (): UpdateResponse => {
    // Admitted updates dropped because the run closed.
    if (update.stage !== 'completed' && !run.updates.has(update.updateId)) throw workflowCompleted();
    return {
      updateRef: { workflowExecution: run.execution, updateId: update.updateId },
      stage: STAGE_OF[update.stage],
      outcome: update.stage === 'completed' ? update.outcome : undefined,
    };
  };
  // ADMITTED is not a stage worth waiting for: the caller needs at least ACCEPTED.
  const target: number = Math.max(wanted, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED);
  const reached = (): boolean =>
    Number(STAGE_OF[update.stage]) >= target || (update.stage !== 'completed' && !run.updates.has(update.updateId));
  if (reached()) return Promise.resolve().then(respond);
  return new Promise<UpdateResponse>((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(timer);
      update.listeners.delete(onChange);
      unsubscribe();
      try {
        resolve(respond());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const onChange = (): void => {
      if (reached()) finish();
    };
    const timer = setTimeout(finish, longPollBudgetMs(ctx, engine.config.updatePollMs));
    const unsubscribe = ctx.onCancelled(finish);
    update.listeners.add(onChange);
  });
}

/** The update a poll names, searching the run (and, for a closed run, its completed updates). */
export function findUpdate(run: Run, updateId: string | null | undefined): UpdateRecord {
  const update = run.updates.get(updateId ?? '');
  if (!update) throw notFound(`update ${updateId ?? ''} not found`);
  return update;
}

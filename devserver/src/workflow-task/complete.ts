import { temporal } from '@temporalio/proto';
import { applyCommands, validateCommands } from '../commands/apply-commands';
import { closingCommandTypes } from '../commands/close-commands';
import { type CommandContext } from '../commands/command-context';
import { type Engine } from '../engine/engine';
import { invalidArgument, notFound } from '../grpc/service-error';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { decodeTaskToken } from '../history/task-tokens';
import { answerAttachedQueries } from '../queries/attached-queries';
import { dispatchPendingQueriesAsLegacy } from '../queries/legacy-query';
import { hasAdmittedUpdates } from '../updates/deliver';
import { processUpdateMessage, rejectUnprocessedUpdates } from '../updates/protocol-messages';
import { detachWorkflowTask, failWorkflowTask } from './end';
import { flushBufferedEvents, scheduleWorkflowTask } from './schedule';
import { type WorkflowTaskState } from './workflow-task-state';

type CompletedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest;
type FailedRequest = temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** The started task a token names; NOT_FOUND when stale (Core then evicts the run and carries on). */
export function startedTaskFor(engine: Engine, tokenBytes: Uint8Array | null | undefined): [Run, WorkflowTaskState] {
  const token = decodeTaskToken(tokenBytes);
  if (token.kind !== 'workflow-task') throw notFound('Workflow task not found.');
  const run = engine.namespace(token.namespace).runById(token.runId);
  const task = run?.workflowTask;
  if (
    !run?.isOpen ||
    !task ||
    task.state !== 'started' ||
    task.scheduledEventId !== token.scheduledEventId ||
    task.attempt !== token.attempt
  ) {
    throw notFound('Workflow task not found.');
  }
  return [run, task];
}

/** `RespondWorkflowTaskCompleted`: the order of steps follows spec 2.2 (completion). */
export function completeWorkflowTask(engine: Engine, request: CompletedRequest): object {
  const [run, task] = startedTaskFor(engine, request.taskToken);
  const identity = request.identity ?? '';
  const commands = request.commands ?? [];
  const closingIndex = commands.findIndex((c) => closingCommandTypes.has(c.commandType ?? 0));
  if (closingIndex >= 0 && (run.buffered.length > 0 || hasAdmittedUpdates(run))) {
    // New events arrived while the worker decided to close: it must see them first.
    failWorkflowTask(engine, run, task, Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, undefined, identity, false);
    throw invalidArgument('UnhandledCommand');
  }
  const ns = engine.namespace(run.namespace);
  const rejection =
    closingIndex >= 0 && closingIndex !== commands.length - 1
      ? {
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES,
          message: 'Workflow-closing command must be the last command.',
        }
      : validateCommands({ run, registry: ns.searchAttributes, activityIds: new Set(), timerIds: new Set() }, commands);
  if (rejection) {
    failWorkflowTask(engine, run, task, rejection.cause, { message: rejection.message, source: 'Server' }, identity);
    throw invalidArgument(rejection.message);
  }

  task.cancelTimeout?.();
  const completedEventId = run.append(
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    {
      scheduledEventId: task.scheduledEventId,
      startedEventId: task.startedEventId,
      identity,
      binaryChecksum: request.binaryChecksum,
      // Copied verbatim: the TS runtime re-enables SDK flags on replay only if it finds them here.
      sdkMetadata: request.sdkMetadata,
      meteringMetadata: request.meteringMetadata,
      workerVersion: request.workerVersionStamp,
      versioningBehavior: request.versioningBehavior,
    },
    engine.now(),
  );
  run.lastCompletedStartedEventId = task.startedEventId;
  run.nextWorkflowTaskAttempt = 1;
  if (request.binaryChecksum && !run.binaryChecksums.includes(request.binaryChecksum)) {
    run.binaryChecksums.push(request.binaryChecksum);
  }

  // The task stays "started" while commands apply, so events they cause (e.g. an activity cancelled before it
  // started) are buffered and land after the command events.
  const ctx: CommandContext = {
    engine,
    run,
    completedEventId,
    identity,
    messages: new Map((request.messages ?? []).map((m) => [m.id ?? '', m])),
    afterCommit: [],
    newTaskRequired: false,
  };
  // Answers describe the state after this activation, which the commands below do not change.
  answerAttachedQueries(run, task, request.queryResults ?? {});
  applyCommands(ctx, commands);
  if (run.isOpen) {
    for (const message of ctx.messages.values()) processUpdateMessage(ctx, message);
    rejectUnprocessedUpdates(run, task.deliveredUpdates);
  }

  detachWorkflowTask(run, task, true);
  if (run.isOpen) {
    const hadBuffered = flushBufferedEvents(run);
    if (hadBuffered || request.forceCreateNewWorkflowTask || hasAdmittedUpdates(run) || ctx.newTaskRequired) {
      scheduleWorkflowTask(engine, run);
    }
    dispatchPendingQueriesAsLegacy(engine, run);
  }
  for (const action of ctx.afterCommit) action();
  task.releaseLock();
  return {};
}

/** `RespondWorkflowTaskFailed` (Core sends it for attempt 1 only; later attempts end by timeout). */
export function failWorkflowTaskByWorker(engine: Engine, request: FailedRequest): object {
  const [run, task] = startedTaskFor(engine, request.taskToken);
  failWorkflowTask(
    engine,
    run,
    task,
    request.cause ?? Cause.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
    request.failure,
    request.identity ?? '',
  );
  return {};
}

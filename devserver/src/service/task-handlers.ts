import { type temporal } from '../proto/codec';
import { activityById, activityByToken } from '../activities/lookup';
import { cancelActivity, completeActivity, failActivity } from '../activities/outcome';
import { armHeartbeatTimeout, startActivityAttempt } from '../activities/start-attempt';
import { type Engine } from '../engine/engine';
import { type CallContext, longPollBudgetMs } from '../grpc/call-context';
import { type ServiceHandlers } from '../grpc/server';
import { requireText } from '../grpc/service-error';
import { startLegacyQuery } from '../queries/legacy-query';
import { completeWorkflowTask, failWorkflowTaskByWorker } from '../workflow-task/complete';
import { startWorkflowTask } from '../workflow-task/start';

/** The worker-facing RPCs: task polls, completions, heartbeats. */
export function taskHandlers(engine: Engine): ServiceHandlers {
  return {
    async PollWorkflowTaskQueue(
      request: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueRequest,
      ctx: CallContext,
    ) {
      const ns = engine.namespace(request.namespace);
      const queueName = requireText(request.taskQueue?.name, 'TaskQueue');
      const identity = request.identity ?? '';
      const response = await engine.workflowQueues
        .get(ns.name, queueName)
        .poll(ctx, longPollBudgetMs(ctx, engine.config.taskPollMs), (item) =>
          item.kind === 'workflow-task'
            ? startWorkflowTask(engine, item.run, item.scheduledEventId, identity)
            : startLegacyQuery(engine, item.run, item.query),
        );
      return response ?? {};
    },
    RespondWorkflowTaskCompleted: (request: temporal.api.workflowservice.v1.IRespondWorkflowTaskCompletedRequest) =>
      completeWorkflowTask(engine, request),
    RespondWorkflowTaskFailed: (request: temporal.api.workflowservice.v1.IRespondWorkflowTaskFailedRequest) =>
      failWorkflowTaskByWorker(engine, request),
    async PollActivityTaskQueue(
      request: temporal.api.workflowservice.v1.IPollActivityTaskQueueRequest,
      ctx: CallContext,
    ) {
      const ns = engine.namespace(request.namespace);
      const queueName = requireText(request.taskQueue?.name, 'TaskQueue');
      const identity = request.identity ?? '';
      const response = await engine.activityQueues
        .get(ns.name, queueName)
        .poll(ctx, longPollBudgetMs(ctx, engine.config.taskPollMs), (item) =>
          startActivityAttempt(engine, item, identity),
        );
      return response ?? {};
    },
    RespondActivityTaskCompleted(request: temporal.api.workflowservice.v1.IRespondActivityTaskCompletedRequest) {
      const { run, activity } = activityByToken(engine, request.taskToken);
      completeActivity(engine, run, activity, request.result, request.identity ?? '');
      return {};
    },
    RespondActivityTaskFailed(request: temporal.api.workflowservice.v1.IRespondActivityTaskFailedRequest) {
      const { run, activity } = activityByToken(engine, request.taskToken);
      failActivity(engine, run, activity, request.failure, request.lastHeartbeatDetails, request.identity ?? '');
      return { failures: [] };
    },
    RespondActivityTaskCanceled(request: temporal.api.workflowservice.v1.IRespondActivityTaskCanceledRequest) {
      const { run, activity } = activityByToken(engine, request.taskToken);
      cancelActivity(engine, run, activity, request.details, request.identity ?? '');
      return {};
    },
    RecordActivityTaskHeartbeat(request: temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatRequest) {
      const { run, activity } = activityByToken(engine, request.taskToken);
      activity.lastHeartbeatDetails = request.details ?? activity.lastHeartbeatDetails;
      armHeartbeatTimeout(engine, run, activity);
      engine.durability?.activityAttempt(run, activity, engine.now());
      return { cancelRequested: activity.cancelRequestedEventId !== undefined };
    },
    RespondActivityTaskCompletedById(
      request: temporal.api.workflowservice.v1.IRespondActivityTaskCompletedByIdRequest,
    ) {
      const { run, activity } = activityById(engine, request);
      completeActivity(engine, run, activity, request.result, request.identity ?? '');
      return {};
    },
    RespondActivityTaskFailedById(request: temporal.api.workflowservice.v1.IRespondActivityTaskFailedByIdRequest) {
      const { run, activity } = activityById(engine, request);
      failActivity(engine, run, activity, request.failure, request.lastHeartbeatDetails, request.identity ?? '');
      return { failures: [] };
    },
    RespondActivityTaskCanceledById(request: temporal.api.workflowservice.v1.IRespondActivityTaskCanceledByIdRequest) {
      const { run, activity } = activityById(engine, request);
      cancelActivity(engine, run, activity, request.details, request.identity ?? '');
      return {};
    },
    RecordActivityTaskHeartbeatById(request: temporal.api.workflowservice.v1.IRecordActivityTaskHeartbeatByIdRequest) {
      const { run, activity } = activityById(engine, request);
      activity.lastHeartbeatDetails = request.details ?? activity.lastHeartbeatDetails;
      if (activity.state === 'started') armHeartbeatTimeout(engine, run, activity);
      engine.durability?.activityAttempt(run, activity, engine.now());
      return { cancelRequested: activity.cancelRequestedEventId !== undefined };
    },
    ShutdownWorker(request: temporal.api.workflowservice.v1.IShutdownWorkerRequest) {
      // Tasks always go to the normal queue; the sticky queue's polls just end.
      if (request.stickyTaskQueue)
        engine.workflowQueues.get(engine.namespace(request.namespace).name, request.stickyTaskQueue).releaseWaiters();
      return {};
    },
  };
}

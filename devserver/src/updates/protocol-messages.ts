import { type temporal } from '../proto/codec';
import { unpackAny } from '../proto/codec';
import { type CommandContext } from '../commands/command-context';
import { EventType } from '../history/event-types';
import { type Run } from '../history/run';
import { notifyUpdate } from './deliver';

type Message = temporal.api.protocol.v1.IMessage;

const UNPROCESSED_UPDATE_FAILURE = {
  message:
    "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
  source: 'Server',
  applicationFailureInfo: { type: 'UnprocessedUpdate', nonRetryable: true },
};

/**
 * Applies one update protocol message of a completion: acceptance and response write events (at their
 * PROTOCOL_MESSAGE command's position), a rejection writes none and forgets the update.
 */
export function processUpdateMessage(ctx: CommandContext, message: Message): void {
  const { run, engine } = ctx;
  const update = run.updates.get(message.protocolInstanceId ?? '');
  const acceptance = unpackAny<temporal.api.update.v1.IAcceptance>(message.body, 'temporal.api.update.v1.Acceptance');
  if (acceptance) {
    const acceptedEventId = run.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      {
        protocolInstanceId: message.protocolInstanceId,
        acceptedRequestMessageId: acceptance.acceptedRequestMessageId,
        acceptedRequestSequencingEventId: acceptance.acceptedRequestSequencingEventId,
        acceptedRequest: acceptance.acceptedRequest ?? update?.request,
      },
      engine.now(),
    );
    if (update) {
      update.stage = 'accepted';
      update.acceptedEventId = acceptedEventId;
      notifyUpdate(update);
    }
    return;
  }
  const response = unpackAny<temporal.api.update.v1.IResponse>(message.body, 'temporal.api.update.v1.Response');
  if (response) {
    run.append(
      EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
      { meta: response.meta, outcome: response.outcome, acceptedEventId: update?.acceptedEventId ?? 0 },
      engine.now(),
    );
    if (update) {
      update.stage = 'completed';
      update.outcome = response.outcome ?? {};
      notifyUpdate(update);
    }
    return;
  }
  const rejection = unpackAny<temporal.api.update.v1.IRejection>(message.body, 'temporal.api.update.v1.Rejection');
  if (rejection && update) rejectUpdate(run, update.updateId, rejection.failure ?? {});
}

/** Updates the task delivered that the worker neither accepted nor rejected are rejected by the server. */
export function rejectUnprocessedUpdates(run: Run, deliveredUpdateIds: readonly string[]): void {
  for (const id of deliveredUpdateIds) {
    if (run.updates.get(id)?.stage === 'delivered') rejectUpdate(run, id, UNPROCESSED_UPDATE_FAILURE);
  }
}

function rejectUpdate(run: Run, updateId: string, failure: temporal.api.failure.v1.IFailure): void {
  const update = run.updates.get(updateId);
  if (!update) return;
  update.outcome = { failure };
  update.stage = 'completed';
  // The real server forgets rejected updates: later polls for it get NOT_FOUND.
  run.updates.delete(updateId);
  notifyUpdate(update);
}

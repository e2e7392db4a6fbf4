import { type Run } from '../history/run';
import { packAny, type temporal } from '../proto/codec';
import { long } from '../proto/time';
import { type WorkflowTaskState } from '../workflow-task/workflow-task-state';
import { type UpdateRecord } from './update-record';

export function hasAdmittedUpdates(run: Run): boolean {
  for (const update of run.updates.values()) if (update.stage === 'admitted') return true;
  return false;
}

export function notifyUpdate(update: UpdateRecord): void {
  for (const listener of [...update.listeners]) listener();
}

/**
 * Hands every admitted update to the starting task as a protocol message. The sequencing event is the one right
 * before `WorkflowTaskStarted`, as the real server does.
 */
export function deliverUpdates(run: Run, task: WorkflowTaskState): temporal.api.protocol.v1.IMessage[] {
  const messages: temporal.api.protocol.v1.IMessage[] = [];
  for (const update of run.updates.values()) {
    if (update.stage !== 'admitted') continue;
    update.stage = 'delivered';
    task.deliveredUpdates.push(update.updateId);
    messages.push({
      id: `${update.updateId}/request`,
      protocolInstanceId: update.updateId,
      eventId: long(task.startedEventId - 1),
      body: packAny('temporal.api.update.v1.Request', update.request),
    });
  }
  return messages;
}

/** A task that failed or timed out delivered nothing: its updates go to the next task again. */
export function returnDeliveredUpdates(run: Run, task: WorkflowTaskState): void {
  for (const id of task.deliveredUpdates) {
    const update = run.updates.get(id);
    if (update?.stage === 'delivered') update.stage = 'admitted';
  }
}

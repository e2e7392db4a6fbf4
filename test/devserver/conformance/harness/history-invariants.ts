import { type History, type HistoryEvent, attributesOf, eventId, eventTypeName, eventsOf, toNumber } from './history';

/** For each event type: attribute → the event type it must point at (0 allowed where listed). */
const backReferences: Record<string, [field: string, target: string, zeroAllowed?: boolean][]> = {
  WorkflowTaskStarted: [['scheduledEventId', 'WorkflowTaskScheduled']],
  WorkflowTaskCompleted: [
    ['scheduledEventId', 'WorkflowTaskScheduled'],
    ['startedEventId', 'WorkflowTaskStarted'],
  ],
  WorkflowTaskFailed: [
    ['scheduledEventId', 'WorkflowTaskScheduled'],
    ['startedEventId', 'WorkflowTaskStarted'],
  ],
  WorkflowTaskTimedOut: [
    ['scheduledEventId', 'WorkflowTaskScheduled'],
    // A schedule-to-start timeout of a sticky task has no started event.
    ['startedEventId', 'WorkflowTaskStarted', true],
  ],
  ActivityTaskStarted: [['scheduledEventId', 'ActivityTaskScheduled']],
  ActivityTaskCompleted: [
    ['scheduledEventId', 'ActivityTaskScheduled'],
    ['startedEventId', 'ActivityTaskStarted'],
  ],
  ActivityTaskFailed: [
    ['scheduledEventId', 'ActivityTaskScheduled'],
    ['startedEventId', 'ActivityTaskStarted'],
  ],
  ActivityTaskTimedOut: [
    ['scheduledEventId', 'ActivityTaskScheduled'],
    ['startedEventId', 'ActivityTaskStarted', true],
  ],
  ActivityTaskCancelRequested: [['scheduledEventId', 'ActivityTaskScheduled']],
  ActivityTaskCanceled: [
    ['scheduledEventId', 'ActivityTaskScheduled'],
    ['startedEventId', 'ActivityTaskStarted', true],
    ['latestCancelRequestedEventId', 'ActivityTaskCancelRequested'],
  ],
  TimerFired: [['startedEventId', 'TimerStarted']],
  TimerCanceled: [['startedEventId', 'TimerStarted']],
  StartChildWorkflowExecutionFailed: [['initiatedEventId', 'StartChildWorkflowExecutionInitiated']],
  ChildWorkflowExecutionStarted: [['initiatedEventId', 'StartChildWorkflowExecutionInitiated']],
  ...Object.fromEntries(
    ['Completed', 'Failed', 'Canceled', 'TimedOut', 'Terminated'].map((outcome) => [
      `ChildWorkflowExecution${outcome}`,
      [
        ['initiatedEventId', 'StartChildWorkflowExecutionInitiated'],
        ['startedEventId', 'ChildWorkflowExecutionStarted'],
      ],
    ]),
  ),
  ExternalWorkflowExecutionSignaled: [['initiatedEventId', 'SignalExternalWorkflowExecutionInitiated']],
  SignalExternalWorkflowExecutionFailed: [['initiatedEventId', 'SignalExternalWorkflowExecutionInitiated']],
  ExternalWorkflowExecutionCancelRequested: [['initiatedEventId', 'RequestCancelExternalWorkflowExecutionInitiated']],
  RequestCancelExternalWorkflowExecutionFailed: [
    ['initiatedEventId', 'RequestCancelExternalWorkflowExecutionInitiated'],
  ],
  WorkflowExecutionUpdateCompleted: [['acceptedEventId', 'WorkflowExecutionUpdateAccepted']],
};

const closeEvents = new Set([
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
  'WorkflowExecutionTimedOut',
  'WorkflowExecutionCanceled',
  'WorkflowExecutionTerminated',
  'WorkflowExecutionContinuedAsNew',
]);

const activityOutcomes = new Set([
  'ActivityTaskCompleted',
  'ActivityTaskFailed',
  'ActivityTaskTimedOut',
  'ActivityTaskCanceled',
]);

/**
 * The envelope rules Core checks on every task (spec 2.1) plus the workflow-task placement rules (2.2):
 * ids contiguous from 1, event 1 is WorkflowExecutionStarted, nothing after a close event, every
 * back-reference points at an earlier event of the right type, a WorkflowTaskCompleted directly follows
 * its WorkflowTaskStarted, and command events carry the id of the WorkflowTaskCompleted they follow.
 * Returns the problems found, so that a failing test shows all of them at once.
 */
export function historyProblems(history: History): string[] {
  const problems: string[] = [];
  const events = eventsOf(history);
  const byId = new Map<number, HistoryEvent>();
  let lastWorkflowTaskCompleted = 0;
  let closedAt = 0;
  const startedActivities = new Set<number>();

  events.forEach((event, index) => {
    const id = eventId(event);
    const name = eventTypeName(event);
    const label = `event ${id} (${name})`;
    if (id !== index + 1) problems.push(`${label} is at position ${index + 1}: ids must be contiguous from 1`);
    if (index === 0 && name !== 'WorkflowExecutionStarted')
      problems.push(`${label}: event 1 must be WorkflowExecutionStarted`);
    if (!event.eventTime) problems.push(`${label} has no event_time`);
    if (closedAt > 0) problems.push(`${label} follows the close event ${closedAt}`);
    if (closeEvents.has(name)) closedAt = id;

    let attributes: Record<string, unknown> = {};
    try {
      attributes = attributesOf(event);
    } catch (error) {
      problems.push((error as Error).message);
    }

    for (const [field, target, zeroAllowed] of backReferences[name] ?? []) {
      const referenced = toNumber(attributes[field]);
      if (referenced === 0 && zeroAllowed) continue;
      const referencedEvent = byId.get(referenced);
      if (!referencedEvent || eventTypeName(referencedEvent) !== target) {
        problems.push(`${label}: ${field}=${referenced} does not point at an earlier ${target}`);
      }
    }

    if (name === 'WorkflowTaskCompleted') {
      const previous = events[index - 1];
      if (
        !previous ||
        eventTypeName(previous) !== 'WorkflowTaskStarted' ||
        toNumber(attributes.startedEventId) !== id - 1
      ) {
        problems.push(`${label} must directly follow its WorkflowTaskStarted`);
      }
      lastWorkflowTaskCompleted = id;
    }

    if ('workflowTaskCompletedEventId' in attributes) {
      const completedId = toNumber(attributes.workflowTaskCompletedEventId);
      if (completedId !== lastWorkflowTaskCompleted) {
        problems.push(
          `${label}: workflowTaskCompletedEventId=${completedId}, expected the latest WorkflowTaskCompleted (${lastWorkflowTaskCompleted})`,
        );
      }
    }

    if (name === 'ActivityTaskStarted') {
      const scheduled = toNumber(attributes.scheduledEventId);
      if (startedActivities.has(scheduled))
        problems.push(`${label}: a second ActivityTaskStarted for activity ${scheduled}`);
      startedActivities.add(scheduled);
      // Written lazily, together with the outcome, so that retries do not grow the history.
      const next = events[index + 1];
      const outcome = next && activityOutcomes.has(eventTypeName(next)) ? attributesOf(next) : undefined;
      if (!outcome || toNumber(outcome.scheduledEventId) !== scheduled) {
        problems.push(`${label} must be directly followed by the outcome of activity ${scheduled}`);
      }
    }

    byId.set(id, event);
  });
  return problems;
}

export function expectWellFormedHistory(history: History): void {
  expect(historyProblems(history)).toEqual([]);
}

import { temporal } from '@temporalio/proto';
import { type History } from './harness/history';
import { historyProblems } from './harness/history-invariants';

/** The history checker used by every scenario must itself catch what it claims to catch. */
const { EventType } = temporal.api.enums.v1;

type EventSpec = [type: keyof typeof EventType, attributes?: Record<string, unknown>];

function history(...specs: EventSpec[]): History {
  // Built loosely (plain numbers for int64 ids) the way JSON-decoded histories look; the checker reads both.
  return {
    events: specs.map(([type, attributes = {}], index) => {
      const name = type
        .replace(/^EVENT_TYPE_/, '')
        .toLowerCase()
        .replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
      return {
        eventId: index + 1,
        eventType: EventType[type],
        eventTime: { seconds: 1_700_000_000 + index },
        [`${name}EventAttributes`]: attributes,
      };
    }),
  } as unknown as History;
}

const start: EventSpec[] = [
  ['EVENT_TYPE_WORKFLOW_EXECUTION_STARTED'],
  ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED'],
  ['EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: 2 }],
  ['EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { scheduledEventId: 2, startedEventId: 3 }],
];

describe('history invariants', () => {
  it('accepts a well-formed history', () => {
    expect(
      historyProblems(
        history(
          ...start,
          ['EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', { workflowTaskCompletedEventId: 4 }],
          ['EVENT_TYPE_TIMER_STARTED', { workflowTaskCompletedEventId: 4, timerId: '1' }],
          ['EVENT_TYPE_ACTIVITY_TASK_STARTED', { scheduledEventId: 5 }],
          ['EVENT_TYPE_ACTIVITY_TASK_COMPLETED', { scheduledEventId: 5, startedEventId: 7 }],
          ['EVENT_TYPE_TIMER_FIRED', { startedEventId: 6, timerId: '1' }],
          ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED'],
          ['EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: 10 }],
          ['EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { scheduledEventId: 10, startedEventId: 11 }],
          ['EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', { workflowTaskCompletedEventId: 12 }],
        ),
      ),
    ).toEqual([]);
  });

  it('reports gaps in event ids and a wrong first event', () => {
    const broken = history(['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED'], ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED']);
    (broken.events![1] as { eventId: unknown }).eventId = 5;
    expect(historyProblems(broken)).toEqual([
      'event 1 (WorkflowTaskScheduled): event 1 must be WorkflowExecutionStarted',
      'event 5 (WorkflowTaskScheduled) is at position 2: ids must be contiguous from 1',
    ]);
  });

  it('reports back-references to missing or wrong events', () => {
    expect(
      historyProblems(
        history(
          ...start,
          ['EVENT_TYPE_TIMER_STARTED', { workflowTaskCompletedEventId: 4 }],
          ['EVENT_TYPE_TIMER_FIRED', { startedEventId: 4 }],
        ),
      ),
    ).toEqual(['event 6 (TimerFired): startedEventId=4 does not point at an earlier TimerStarted']);
  });

  it('reports events between a started workflow task and its completion, and stale command references', () => {
    expect(
      historyProblems(
        history(
          ['EVENT_TYPE_WORKFLOW_EXECUTION_STARTED'],
          ['EVENT_TYPE_WORKFLOW_TASK_SCHEDULED'],
          ['EVENT_TYPE_WORKFLOW_TASK_STARTED', { scheduledEventId: 2 }],
          ['EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED'],
          ['EVENT_TYPE_WORKFLOW_TASK_COMPLETED', { scheduledEventId: 2, startedEventId: 3 }],
          ['EVENT_TYPE_TIMER_STARTED', { workflowTaskCompletedEventId: 3 }],
        ),
      ),
    ).toEqual([
      'event 5 (WorkflowTaskCompleted) must directly follow its WorkflowTaskStarted',
      'event 6 (TimerStarted): workflowTaskCompletedEventId=3, expected the latest WorkflowTaskCompleted (5)',
    ]);
  });

  it('reports events after the close event and activity-started events not followed by their outcome', () => {
    expect(
      historyProblems(
        history(
          ...start,
          ['EVENT_TYPE_ACTIVITY_TASK_SCHEDULED', { workflowTaskCompletedEventId: 4 }],
          ['EVENT_TYPE_ACTIVITY_TASK_STARTED', { scheduledEventId: 5 }],
          ['EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED'],
          ['EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED'],
        ),
      ),
    ).toEqual([
      'event 6 (ActivityTaskStarted) must be directly followed by the outcome of activity 5',
      'event 8 (WorkflowExecutionSignaled) follows the close event 7',
    ]);
  });
});

import { type Release } from '../clock/virtual-clock';
import { type QueryRecord } from '../queries/query-record';

/** The one outstanding workflow task of a run (at most one exists at a time). */
export interface WorkflowTaskState {
  state: 'scheduled' | 'started';
  readonly scheduledEventId: number;
  startedEventId: number;
  readonly attempt: number;
  /** Holds time skipping while the task is pending or running. */
  readonly releaseLock: Release;
  cancelTimeout?: Release;
  /** Queries delivered with this task, answered through `query_results` of its completion. */
  attachedQueries: Map<string, QueryRecord>;
  /** Update ids delivered as messages with this task. */
  deliveredUpdates: string[];
}

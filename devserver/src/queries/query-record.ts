import { type temporal } from '../proto/codec';

/** A `QueryWorkflow` call waiting for a worker's answer. */
export interface QueryRecord {
  readonly id: string;
  readonly query: temporal.api.query.v1.IWorkflowQuery;
  settled: boolean;
  answer(result: temporal.api.common.v1.IPayloads | null | undefined): void;
  fail(message: string): void;
}

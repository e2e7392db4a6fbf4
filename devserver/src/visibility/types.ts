/** The value types a search attribute can be registered with (the names the Temporal API uses). */
export type SearchAttributeKind = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

export type ExecutionStatusName =
  'Running' | 'Completed' | 'Failed' | 'Canceled' | 'Terminated' | 'ContinuedAsNew' | 'TimedOut';

/** One workflow run as the visibility store sees it. */
export interface VisibilityRow {
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatusName;
  /** Epoch milliseconds on the server's (virtual) clock. */
  startTime: number;
  executionTime: number;
  closeTime?: number;
  /** Decoded values: string, number, boolean, Date (Datetime) or string[] (KeywordList). */
  searchAttributes: Record<string, unknown>;
}

export interface CompiledQuery {
  matches(row: VisibilityRow): boolean;
  /** The ORDER BY of the query (default: StartTime DESC); usable directly with Array.prototype.sort. */
  compare(a: VisibilityRow, b: VisibilityRow): number;
  /** `[]`, or `['ExecutionStatus']` for `GROUP BY ExecutionStatus` (meaningful for CountWorkflowExecutions only). */
  groupBy: string[];
}

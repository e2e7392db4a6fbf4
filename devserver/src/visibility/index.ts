/**
 * Visibility queries for List/CountWorkflowExecutions: a pure compiler from the SQL-like query string
 * the Temporal API takes to a row predicate, an ORDER BY comparator and the GROUP BY columns.
 */
export { compileVisibilityQuery } from './compile';
export { VisibilityQueryError } from './errors';
export { executionStatusNames } from './execution-status';
export type { CompiledQuery, ExecutionStatusName, SearchAttributeKind, VisibilityRow } from './types';

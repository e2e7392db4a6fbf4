import { VisibilityQueryError } from './errors';
import { compileCondition } from './evaluator';
import { compileOrdering } from './ordering';
import { parseVisibilityQuery } from './parser';
import { type CompiledQuery, type SearchAttributeKind } from './types';

/**
 * Compiles a List/CountWorkflowExecutions query. Throws VisibilityQueryError for syntax errors, unknown
 * attributes and values or operators that do not fit the attribute's type. An empty query matches all.
 */
export function compileVisibilityQuery(
  query: string,
  registry: ReadonlyMap<string, SearchAttributeKind>,
): CompiledQuery {
  const parsed = parseVisibilityQuery(query);
  const matches = parsed.where ? compileCondition(parsed.where, registry) : () => true;
  const compare = compileOrdering(parsed.orderBy, registry);
  const groupBy = parsed.groupBy.map(({ name }) => name);
  if (groupBy.length > 0 && (groupBy.length > 1 || groupBy[0] !== 'ExecutionStatus')) {
    throw new VisibilityQueryError(`GROUP BY is only supported for ExecutionStatus, not ${groupBy.join(', ')}`);
  }
  return { matches, compare, groupBy };
}

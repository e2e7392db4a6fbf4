import { type OrderTerm } from './ast';
import { VisibilityQueryError } from './errors';
import { executionStatusNames } from './execution-status';
import { type Field, type FieldKind, type Scalar, resolveField } from './fields';
import { type SearchAttributeKind, type VisibilityRow } from './types';

export type RowComparator = (a: VisibilityRow, b: VisibilityRow) => number;

const sortableKinds: ReadonlySet<FieldKind> = new Set([
  'Keyword',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'ExecutionStatus',
]);

const defaultOrder: OrderTerm[] = [{ field: { name: 'StartTime', position: 0 }, descending: true }];

/**
 * The ORDER BY comparator. Runs without a value sort last in either direction (as Elasticsearch does),
 * and StartTime DESC then RunId break ties so that pages are stable between calls.
 */
export function compileOrdering(terms: OrderTerm[], registry: ReadonlyMap<string, SearchAttributeKind>): RowComparator {
  const keys = [...terms, ...defaultOrder].map((term) => sortKey(term, registry));
  return (a, b) => {
    for (const key of keys) {
      const order = key(a, b);
      if (order !== 0) return order;
    }
    return compareScalars(a.runId, b.runId);
  };
}

function sortKey(term: OrderTerm, registry: ReadonlyMap<string, SearchAttributeKind>): RowComparator {
  const field = resolveField(term.field, registry);
  if (!sortableKinds.has(field.kind)) {
    throw new VisibilityQueryError(`cannot ORDER BY ${field.kind} attribute ${field.name}`);
  }
  const direction = term.descending ? -1 : 1;
  const valueOf = sortValue(field);
  return (a, b) => {
    const [left, right] = [valueOf(a), valueOf(b)];
    if (left === undefined || right === undefined) return missingLast(left, right);
    return direction * compareScalars(left, right);
  };
}

function sortValue(field: Field): (row: VisibilityRow) => Scalar | undefined {
  if (field.kind === 'ExecutionStatus') {
    // Statuses sort in enum order (Running first), not alphabetically.
    return (row) => executionStatusNames.indexOf(row.status);
  }
  return (row) => field.valuesOf(row)[0];
}

function missingLast(left: Scalar | undefined, right: Scalar | undefined): number {
  if (left === undefined && right === undefined) return 0;
  return left === undefined ? 1 : -1;
}

function compareScalars(left: Scalar, right: Scalar): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

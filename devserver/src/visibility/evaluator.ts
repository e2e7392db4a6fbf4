import { type Condition, type Literal } from './ast';
import { VisibilityQueryError } from './errors';
import { type Field, type FieldKind, type Scalar, resolveField } from './fields';
import { literalFor } from './literals';
import { textMatches } from './text-match';
import { type ComparisonOperator } from './tokenizer';
import { type SearchAttributeKind, type VisibilityRow } from './types';

export type RowPredicate = (row: VisibilityRow) => boolean;

const orderedKinds: ReadonlySet<FieldKind> = new Set(['Keyword', 'Int', 'Double', 'Datetime']);

/**
 * Type-checks a condition against the registry and turns it into a closure, so that every error is
 * raised at compile time and evaluating a row does no parsing.
 *
 * Multi-valued attributes match when *any* value satisfies a comparison (Elasticsearch semantics), and
 * `!=` / `NOT IN` are the exact negations of `=` / `IN`, so a run without the attribute matches them.
 */
export function compileCondition(
  condition: Condition,
  registry: ReadonlyMap<string, SearchAttributeKind>,
): RowPredicate {
  const compile = (node: Condition): RowPredicate => {
    switch (node.kind) {
      case 'and': {
        const [left, right] = [compile(node.left), compile(node.right)];
        return (row) => left(row) && right(row);
      }
      case 'or': {
        const [left, right] = [compile(node.left), compile(node.right)];
        return (row) => left(row) || right(row);
      }
      case 'not': {
        const operand = compile(node.operand);
        return (row) => !operand(row);
      }
      case 'compare':
        return compileComparison(resolveField(node.field, registry), node.operator, node.value);
      case 'in':
        return negateIf(node.negated, compileIn(resolveField(node.field, registry), node.values));
      case 'between':
        return negateIf(node.negated, compileBetween(resolveField(node.field, registry), node.low, node.high));
      case 'startsWith':
        return negateIf(node.negated, compileStartsWith(resolveField(node.field, registry), node.prefix));
      case 'isNull': {
        const field = resolveField(node.field, registry);
        return negateIf(node.negated, (row) => field.valuesOf(row).length === 0);
      }
    }
  };
  return compile(condition);
}

function negateIf(negated: boolean, predicate: RowPredicate): RowPredicate {
  return negated ? (row) => !predicate(row) : predicate;
}

function compileComparison(field: Field, operator: ComparisonOperator, literal: Literal): RowPredicate {
  if (operator === '=' || operator === '!=') {
    const equals = equalityFor(field, literalFor(field, literal));
    return operator === '=' ? equals : (row) => !equals(row);
  }
  requireOrdered(field, operator);
  const bound = literalFor(field, literal);
  const test = rangeTests[operator];
  return (row) => field.valuesOf(row).some((value) => test(value, bound));
}

const rangeTests: Record<'<' | '<=' | '>' | '>=', (value: Scalar, bound: Scalar) => boolean> = {
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

function equalityFor(field: Field, expected: Scalar): RowPredicate {
  if (field.kind === 'Text') {
    return (row) => field.valuesOf(row).some((value) => textMatches(String(value), String(expected)));
  }
  return (row) => field.valuesOf(row).includes(expected);
}

function compileIn(field: Field, literals: Literal[]): RowPredicate {
  if (field.kind === 'Text') throw unsupported(field, 'IN');
  const expected = new Set(literals.map((literal) => literalFor(field, literal)));
  return (row) => field.valuesOf(row).some((value) => expected.has(value));
}

function compileBetween(field: Field, lowLiteral: Literal, highLiteral: Literal): RowPredicate {
  requireOrdered(field, 'BETWEEN');
  const [low, high] = [literalFor(field, lowLiteral), literalFor(field, highLiteral)];
  return (row) => field.valuesOf(row).some((value) => value >= low && value <= high);
}

function compileStartsWith(field: Field, literal: Literal): RowPredicate {
  if (field.kind !== 'Keyword' && field.kind !== 'KeywordList') throw unsupported(field, 'STARTS_WITH');
  const prefix = String(literalFor(field, literal));
  return (row) => field.valuesOf(row).some((value) => String(value).startsWith(prefix));
}

function requireOrdered(field: Field, operator: string): void {
  if (!orderedKinds.has(field.kind)) throw unsupported(field, operator);
}

function unsupported(field: Field, operator: string): VisibilityQueryError {
  const kind = field.kind === 'ExecutionStatus' ? 'ExecutionStatus' : `${field.kind} attribute ${field.name}`;
  return new VisibilityQueryError(`operator ${operator} is not supported for ${kind}`);
}

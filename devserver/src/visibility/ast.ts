import { type ComparisonOperator } from './tokenizer';

/** A literal as written; its meaning depends on the attribute it is compared with. */
export type Literal =
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; value: number; text: string; position: number }
  | { type: 'boolean'; value: boolean; position: number };

export interface FieldName {
  name: string;
  position: number;
}

export type Condition =
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: FieldName; operator: ComparisonOperator; value: Literal }
  | { kind: 'in'; field: FieldName; values: Literal[]; negated: boolean }
  | { kind: 'between'; field: FieldName; low: Literal; high: Literal; negated: boolean }
  | { kind: 'startsWith'; field: FieldName; prefix: Literal; negated: boolean }
  | { kind: 'isNull'; field: FieldName; negated: boolean };

export interface OrderTerm {
  field: FieldName;
  descending: boolean;
}

export interface ParsedQuery {
  /** Absent for an empty filter (`''` or just `ORDER BY …`). */
  where?: Condition;
  groupBy: FieldName[];
  orderBy: OrderTerm[];
}

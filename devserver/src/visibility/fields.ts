import { type FieldName } from './ast';
import { VisibilityQueryError } from './errors';
import { type SearchAttributeKind, type VisibilityRow } from './types';

/** ExecutionStatus is stored as a Keyword but only takes the seven status names. */
export type FieldKind = SearchAttributeKind | 'ExecutionStatus';

/** A scalar every value reduces to: Datetime becomes epoch ms, everything else keeps its JS type. */
export type Scalar = string | number | boolean;

export interface Field {
  name: string;
  kind: FieldKind;
  /**
   * Every value as a list, because search attributes may be multi-valued: KeywordLists always are, and
   * the SDK's untyped `upsertSearchAttributes` sends every type as an array. `[]` means "no value".
   */
  valuesOf(row: VisibilityRow): Scalar[];
}

const systemFields: ReadonlyMap<string, Field> = new Map(
  [
    keywordColumn('WorkflowId', (row) => row.workflowId),
    keywordColumn('RunId', (row) => row.runId),
    keywordColumn('WorkflowType', (row) => row.workflowType),
    keywordColumn('TaskQueue', (row) => row.taskQueue),
    { name: 'ExecutionStatus', kind: 'ExecutionStatus' as const, valuesOf: (row: VisibilityRow) => [row.status] },
    timeColumn('StartTime', (row) => row.startTime),
    timeColumn('ExecutionTime', (row) => row.executionTime),
    timeColumn('CloseTime', (row) => row.closeTime),
  ].map((field) => [field.name, field]),
);

/** System columns win over a custom attribute of the same name, as on the real server. */
export function resolveField({ name }: FieldName, registry: ReadonlyMap<string, SearchAttributeKind>): Field {
  const system = systemFields.get(name);
  if (system) return system;
  const kind = registry.get(name);
  if (kind === undefined) throw new VisibilityQueryError(`search attribute '${name}' is not defined`);
  return { name, kind, valuesOf: (row) => normaliseAttribute(row.searchAttributes[name], kind) };
}

function keywordColumn(name: string, read: (row: VisibilityRow) => string): Field {
  return { name, kind: 'Keyword', valuesOf: (row) => [read(row)] };
}

function timeColumn(name: string, read: (row: VisibilityRow) => number | undefined): Field {
  return {
    name,
    kind: 'Datetime',
    valuesOf: (row) => {
      const time = read(row);
      return time === undefined ? [] : [time];
    },
  };
}

function normaliseAttribute(value: unknown, kind: SearchAttributeKind): Scalar[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const scalars: Scalar[] = [];
  for (const item of items) {
    const scalar = normaliseScalar(item, kind);
    if (scalar !== undefined) scalars.push(scalar);
  }
  return scalars;
}

/** Values of an unexpected type are treated as absent rather than compared loosely. */
function normaliseScalar(value: unknown, kind: SearchAttributeKind): Scalar | undefined {
  switch (kind) {
    case 'Keyword':
    case 'Text':
    case 'KeywordList':
      return typeof value === 'string' ? value : undefined;
    case 'Int':
    case 'Double':
      if (typeof value === 'bigint') return Number(value);
      return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
    case 'Bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'Datetime':
      return epochMillis(value);
  }
}

function epochMillis(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

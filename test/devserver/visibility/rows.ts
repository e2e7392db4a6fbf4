import { type SearchAttributeKind, type VisibilityRow } from '../../../devserver/src/visibility';

/** The registry the real dev server starts with, plus a KeywordList. */
export const registry: ReadonlyMap<string, SearchAttributeKind> = new Map<string, SearchAttributeKind>([
  ['CustomKeywordField', 'Keyword'],
  ['CustomTextField', 'Text'],
  ['CustomIntField', 'Int'],
  ['CustomDoubleField', 'Double'],
  ['CustomBoolField', 'Bool'],
  ['CustomDatetimeField', 'Datetime'],
  ['TemporalChangeVersion', 'KeywordList'],
  ['Order', 'Keyword'],
  ['Customer Tier', 'Keyword'],
]);

const at = (iso: string): number => Date.parse(iso);

function row(overrides: Partial<VisibilityRow> & Pick<VisibilityRow, 'workflowId'>): VisibilityRow {
  return {
    runId: `run-${overrides.workflowId}`,
    workflowType: 'orderWorkflow',
    taskQueue: 'orders',
    status: 'Running',
    startTime: at('2024-05-01T10:00:00Z'),
    executionTime: at('2024-05-01T10:00:00Z'),
    searchAttributes: {},
    ...overrides,
  };
}

export const rows: readonly VisibilityRow[] = [
  row({
    workflowId: 'order-1',
    status: 'Completed',
    startTime: at('2024-05-01T10:00:00Z'),
    closeTime: at('2024-05-01T10:05:00Z'),
    searchAttributes: {
      CustomKeywordField: 'gold',
      CustomTextField: 'Parcel delayed at the depot',
      CustomIntField: 3,
      CustomDoubleField: 2.5,
      CustomBoolField: true,
      CustomDatetimeField: new Date('2024-05-02T00:00:00Z'),
      TemporalChangeVersion: ['patch-a', 'patch-b'],
    },
  }),
  row({
    workflowId: 'order-2',
    status: 'Failed',
    startTime: at('2024-05-01T11:00:00Z'),
    executionTime: at('2024-05-01T11:30:00Z'),
    closeTime: at('2024-05-01T12:00:00Z'),
    searchAttributes: { CustomKeywordField: 'silver', CustomIntField: 10, CustomBoolField: false },
  }),
  row({
    workflowId: 'order-3',
    workflowType: 'refundWorkflow',
    taskQueue: 'refunds',
    startTime: at('2024-05-01T12:00:00Z'),
    // The SDK's untyped upsertSearchAttributes sends every value as a list.
    searchAttributes: { CustomKeywordField: ['gold'], CustomIntField: [7], TemporalChangeVersion: ['patch-b'] },
  }),
  row({
    workflowId: 'refund-4',
    workflowType: 'refundWorkflow',
    taskQueue: 'refunds',
    status: 'Terminated',
    startTime: at('2024-05-01T09:00:00Z'),
    closeTime: at('2024-05-01T09:30:00Z'),
    searchAttributes: { CustomTextField: 'Customer asked for a refund', Order: 'o-4', 'Customer Tier': 'vip' },
  }),
];

/** The workflow ids a query selects, in the order the query sorts them. */
export function idsMatching(query: {
  matches(row: VisibilityRow): boolean;
  compare(a: VisibilityRow, b: VisibilityRow): number;
}): string[] {
  return rows
    .filter((candidate) => query.matches(candidate))
    .sort((a, b) => query.compare(a, b))
    .map(({ workflowId }) => workflowId);
}

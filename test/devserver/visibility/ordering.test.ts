import { compileVisibilityQuery } from '../../../devserver/src/visibility';
import { idsMatching, registry } from './rows';

const order = (query: string): string[] => idsMatching(compileVisibilityQuery(query, registry));

describe('visibility ordering', () => {
  it.each([
    ['', ['order-3', 'order-2', 'order-1', 'refund-4']],
    ['ORDER BY StartTime', ['refund-4', 'order-1', 'order-2', 'order-3']],
    ['ORDER BY StartTime ASC', ['refund-4', 'order-1', 'order-2', 'order-3']],
    ['order by StartTime desc', ['order-3', 'order-2', 'order-1', 'refund-4']],
    ['ORDER BY WorkflowId DESC', ['refund-4', 'order-3', 'order-2', 'order-1']],
    // Runs without a value come last in both directions; ties fall back to StartTime DESC.
    ['ORDER BY CloseTime', ['refund-4', 'order-1', 'order-2', 'order-3']],
    ['ORDER BY CloseTime DESC', ['order-2', 'order-1', 'refund-4', 'order-3']],
    ['ORDER BY CustomIntField DESC', ['order-2', 'order-3', 'order-1', 'refund-4']],
    ['ORDER BY CustomIntField', ['order-1', 'order-3', 'order-2', 'refund-4']],
    ['ORDER BY CustomKeywordField, StartTime', ['order-1', 'order-3', 'order-2', 'refund-4']],
    ['ORDER BY CustomKeywordField ASC, StartTime DESC', ['order-3', 'order-1', 'order-2', 'refund-4']],
    ['ORDER BY TaskQueue, WorkflowId DESC', ['order-2', 'order-1', 'refund-4', 'order-3']],
    ['ORDER BY ExecutionStatus', ['order-3', 'order-1', 'order-2', 'refund-4']],
    ['ORDER BY CustomBoolField DESC', ['order-1', 'order-2', 'order-3', 'refund-4']],
    ["TaskQueue = 'refunds' ORDER BY StartTime ASC", ['refund-4', 'order-3']],
  ])('%s', (query, expected) => {
    expect(order(query)).toEqual(expected);
  });

  it('breaks full ties by run id so that pages are stable', () => {
    const query = compileVisibilityQuery('', registry);
    const base = {
      workflowId: 'same',
      workflowType: 't',
      taskQueue: 'q',
      status: 'Running' as const,
      startTime: 5,
      executionTime: 5,
      searchAttributes: {},
    };
    const sorted = [
      { ...base, runId: 'b' },
      { ...base, runId: 'a' },
      { ...base, runId: 'c' },
    ].sort((a, b) => query.compare(a, b));
    expect(sorted.map(({ runId }) => runId)).toEqual(['a', 'b', 'c']);
    expect(query.compare(sorted[0]!, sorted[0]!)).toBe(0);
  });
});

describe('GROUP BY', () => {
  it('reports ExecutionStatus grouping and still filters', () => {
    const query = compileVisibilityQuery("TaskQueue = 'refunds' GROUP BY ExecutionStatus", registry);
    expect(query.groupBy).toEqual(['ExecutionStatus']);
    expect(idsMatching(query)).toEqual(['order-3', 'refund-4']);
  });

  it('groups a whole namespace when there is no filter', () => {
    const query = compileVisibilityQuery('group by ExecutionStatus', registry);
    expect(query.groupBy).toEqual(['ExecutionStatus']);
    expect(idsMatching(query)).toHaveLength(4);
  });

  it('is empty without GROUP BY', () => {
    expect(compileVisibilityQuery("WorkflowId = 'x'", registry).groupBy).toEqual([]);
  });
});

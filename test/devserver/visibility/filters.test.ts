import { compileVisibilityQuery } from '../../../devserver/src/visibility';
import { idsMatching, registry } from './rows';

const select = (query: string): string[] => idsMatching(compileVisibilityQuery(query, registry));

describe('visibility filters', () => {
  it.each([
    ['', ['order-3', 'order-2', 'order-1', 'refund-4']],
    ['   ', ['order-3', 'order-2', 'order-1', 'refund-4']],
    ["WorkflowId = 'order-2'", ['order-2']],
    ['WorkflowId = "order-2"', ['order-2']],
    ["WorkflowId != 'order-2'", ['order-3', 'order-1', 'refund-4']],
    ["WorkflowId <> 'order-2'", ['order-3', 'order-1', 'refund-4']],
    ["RunId = 'run-order-1'", ['order-1']],
    ["WorkflowType = 'refundWorkflow'", ['order-3', 'refund-4']],
    ["TaskQueue = 'orders'", ['order-2', 'order-1']],
    ["WorkflowId IN ('order-1', 'refund-4', 'nope')", ['order-1', 'refund-4']],
    ["WorkflowId NOT IN ('order-1', 'refund-4')", ['order-3', 'order-2']],
    ["WorkflowId STARTS_WITH 'order-'", ['order-3', 'order-2', 'order-1']],
    ["WorkflowId NOT STARTS_WITH 'order-'", ['refund-4']],
    ["WorkflowId > 'order-2'", ['order-3', 'refund-4']],
    ["WorkflowId BETWEEN 'order-2' AND 'order-3'", ['order-3', 'order-2']],
    ["WorkflowId NOT BETWEEN 'order-2' AND 'order-3'", ['order-1', 'refund-4']],
  ])('system keyword columns: %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["ExecutionStatus = 'Running'", ['order-3']],
    ["ExecutionStatus = 'running'", ['order-3']],
    ["ExecutionStatus != 'Running'", ['order-2', 'order-1', 'refund-4']],
    ["ExecutionStatus IN ('Completed', 'Failed')", ['order-2', 'order-1']],
    ["ExecutionStatus NOT IN ('Completed', 'Failed')", ['order-3', 'refund-4']],
    ["ExecutionStatus = 'ContinuedAsNew'", []],
  ])('execution status: %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["StartTime > '2024-05-01T10:00:00Z'", ['order-3', 'order-2']],
    ["StartTime >= '2024-05-01T10:00:00Z'", ['order-3', 'order-2', 'order-1']],
    ["StartTime < '2024-05-01T10:00:00Z'", ['refund-4']],
    ["StartTime <= '2024-05-01T12:00:00+02:00'", ['order-1', 'refund-4']],
    ["StartTime = '2024-05-01T11:00:00.000Z'", ['order-2']],
    ["StartTime BETWEEN '2024-05-01T09:30:00Z' AND '2024-05-01T11:00:00Z'", ['order-2', 'order-1']],
    ["ExecutionTime > '2024-05-01T11:15:00Z'", ['order-2']],
    ['CloseTime IS NULL', ['order-3']],
    ['CloseTime IS NOT NULL', ['order-2', 'order-1', 'refund-4']],
    ["CloseTime < '2024-05-01T11:00:00Z'", ['order-1', 'refund-4']],
  ])('time columns: %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["CustomKeywordField = 'gold'", ['order-3', 'order-1']],
    ["CustomKeywordField != 'gold'", ['order-2', 'refund-4']],
    ["CustomKeywordField IN ('silver', 'bronze')", ['order-2']],
    ["CustomKeywordField STARTS_WITH 'go'", ['order-3', 'order-1']],
    ['CustomKeywordField IS NULL', ['refund-4']],
    ['CustomKeywordField IS NOT NULL', ['order-3', 'order-2', 'order-1']],
    ['CustomIntField = 3', ['order-1']],
    ['CustomIntField > 3', ['order-3', 'order-2']],
    ['CustomIntField >= 3', ['order-3', 'order-2', 'order-1']],
    ['CustomIntField < 7', ['order-1']],
    ['CustomIntField BETWEEN 3 AND 7', ['order-3', 'order-1']],
    ['CustomIntField IN (7, 10)', ['order-3', 'order-2']],
    ['CustomIntField != 3', ['order-3', 'order-2', 'refund-4']],
    ['CustomIntField > -1', ['order-3', 'order-2', 'order-1']],
    ['CustomDoubleField = 2.5', ['order-1']],
    ['CustomDoubleField < 3', ['order-1']],
    ['CustomDoubleField >= 2.5e0', ['order-1']],
    ['CustomBoolField = true', ['order-1']],
    ['CustomBoolField = FALSE', ['order-2']],
    ["CustomBoolField = 'true'", ['order-1']],
    ['CustomBoolField != true', ['order-3', 'order-2', 'refund-4']],
    ["CustomDatetimeField = '2024-05-02T00:00:00Z'", ['order-1']],
    ["CustomDatetimeField > '2024-05-01T23:59:59.999Z'", ['order-1']],
    ["CustomDatetimeField < '2024-05-01T23:59:59.999Z'", []],
    ["`Customer Tier` = 'vip'", ['refund-4']],
    ["`Order` = 'o-4'", ['refund-4']],
  ])('custom scalar attributes: %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["TemporalChangeVersion = 'patch-b'", ['order-3', 'order-1']],
    ["TemporalChangeVersion = 'patch-a'", ['order-1']],
    ["TemporalChangeVersion != 'patch-a'", ['order-3', 'order-2', 'refund-4']],
    ["TemporalChangeVersion IN ('patch-a', 'patch-z')", ['order-1']],
    ["TemporalChangeVersion NOT IN ('patch-a', 'patch-b')", ['order-2', 'refund-4']],
    ["TemporalChangeVersion STARTS_WITH 'patch-'", ['order-3', 'order-1']],
    ['TemporalChangeVersion IS NULL', ['order-2', 'refund-4']],
  ])('keyword lists mean "contains": %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["CustomTextField = 'delayed'", ['order-1']],
    ["CustomTextField = 'DEPOT parcel'", ['order-1']],
    ["CustomTextField = 'refund'", ['refund-4']],
    ["CustomTextField = 'parcel refund'", []],
    ["CustomTextField != 'refund'", ['order-3', 'order-2', 'order-1']],
    ['CustomTextField IS NOT NULL', ['order-1', 'refund-4']],
  ])('text attributes match words: %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it.each([
    ["WorkflowType = 'refundWorkflow' AND ExecutionStatus = 'Running'", ['order-3']],
    ["WorkflowType = 'refundWorkflow' OR ExecutionStatus = 'Failed'", ['order-3', 'order-2', 'refund-4']],
    // AND binds tighter than OR.
    ["WorkflowId = 'order-1' OR WorkflowId = 'order-2' AND ExecutionStatus = 'Running'", ['order-1']],
    ["(WorkflowId = 'order-1' OR WorkflowId = 'order-2') AND ExecutionStatus = 'Failed'", ['order-2']],
    ["NOT WorkflowId = 'order-1'", ['order-3', 'order-2', 'refund-4']],
    ["NOT (TaskQueue = 'orders' OR TaskQueue = 'refunds')", []],
    ["NOT NOT TaskQueue = 'orders'", ['order-2', 'order-1']],
    ["((WorkflowId = 'order-1'))", ['order-1']],
    ["TaskQueue = 'refunds' and ExecutionStatus = 'Running' Or WorkflowId = 'order-1'", ['order-3', 'order-1']],
    ['CustomIntField BETWEEN 1 AND 5 AND CustomBoolField = true', ['order-1']],
    ["WorkflowId='order-1'OR WorkflowId='order-2'", ['order-2', 'order-1']],
  ])('boolean structure: %s', (query, expected) => {
    expect(select(query)).toEqual(expected);
  });

  it('matches values containing quotes and escapes', () => {
    const query = compileVisibilityQuery(`WorkflowId = 'it''s' OR WorkflowId = "say \\"hi\\""`, registry);
    const base = {
      runId: 'r',
      workflowType: 't',
      taskQueue: 'q',
      status: 'Running' as const,
      startTime: 0,
      executionTime: 0,
      searchAttributes: {},
    };
    expect(query.matches({ ...base, workflowId: "it's" })).toBe(true);
    expect(query.matches({ ...base, workflowId: 'say "hi"' })).toBe(true);
    expect(query.matches({ ...base, workflowId: 'its' })).toBe(false);
  });
});

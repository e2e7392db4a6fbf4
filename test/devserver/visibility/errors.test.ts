import { VisibilityQueryError, compileVisibilityQuery } from '../../../devserver/src/visibility';
import { registry } from './rows';

function errorOf(query: string): VisibilityQueryError {
  try {
    compileVisibilityQuery(query, registry);
  } catch (error) {
    if (error instanceof VisibilityQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('visibility query errors', () => {
  it.each([
    ["Unknown = 'x'", "search attribute 'Unknown' is not defined"],
    ["executionstatus = 'Running'", "search attribute 'executionstatus' is not defined"],
    ['ORDER BY Nope', "search attribute 'Nope' is not defined"],
    ['HistoryLength > 3', "search attribute 'HistoryLength' is not defined"],
    ['CustomIntField IS NULL OR `Missing One` IS NULL', "search attribute 'Missing One' is not defined"],
  ])('unknown attribute: %s', (query, message) => {
    expect(errorOf(query).message).toContain(message);
  });

  it.each([
    ["CustomIntField = 'three'", "invalid value 'three' for Int attribute CustomIntField: expected an integer"],
    ['CustomIntField = 2.5', 'invalid value 2.5 for Int attribute CustomIntField: expected an integer'],
    ['CustomDoubleField = true', 'invalid value true for Double attribute CustomDoubleField: expected a number'],
    ['CustomKeywordField = 5', 'invalid value 5 for Keyword attribute CustomKeywordField: expected a quoted string'],
    ["CustomBoolField = 'yes'", "invalid value 'yes' for Bool attribute CustomBoolField"],
    ["StartTime > 'yesterday'", "invalid value 'yesterday' for Datetime attribute StartTime: expected an RFC 3339"],
    ["StartTime > '2024-05-01'", "invalid value '2024-05-01' for Datetime attribute StartTime"],
    ["StartTime > '2024-02-30T00:00:00Z'", "invalid value '2024-02-30T00:00:00Z'"],
    ["StartTime > '2024-05-01T25:00:00Z'", "invalid value '2024-05-01T25:00:00Z'"],
    ['CloseTime < 1714557600000', 'invalid value 1714557600000 for Datetime attribute CloseTime'],
    ["ExecutionStatus = 'Done'", "invalid value 'Done' for attribute ExecutionStatus: expected one of Running"],
    ["ExecutionStatus IN ('Running', 'Sleeping')", "invalid value 'Sleeping'"],
    ["WorkflowId IN ('a', 3)", 'invalid value 3 for Keyword attribute WorkflowId'],
    ['CustomIntField BETWEEN 1 AND 2.5', 'invalid value 2.5'],
  ])('type mismatch: %s', (query, message) => {
    expect(errorOf(query).message).toContain(message);
  });

  it.each([
    ["CustomTextField > 'a'", 'operator > is not supported for Text attribute CustomTextField'],
    ["CustomTextField IN ('a')", 'operator IN is not supported for Text attribute CustomTextField'],
    ["CustomTextField STARTS_WITH 'a'", 'operator STARTS_WITH is not supported for Text attribute CustomTextField'],
    ['CustomBoolField < true', 'operator < is not supported for Bool attribute CustomBoolField'],
    ["ExecutionStatus > 'Running'", 'operator > is not supported for ExecutionStatus'],
    ["TemporalChangeVersion BETWEEN 'a' AND 'b'", 'operator BETWEEN is not supported for KeywordList attribute'],
    ["CustomIntField STARTS_WITH '1'", 'operator STARTS_WITH is not supported for Int attribute CustomIntField'],
    ["StartTime STARTS_WITH '2024'", 'operator STARTS_WITH is not supported for Datetime attribute StartTime'],
    ['ORDER BY CustomTextField', 'cannot ORDER BY Text attribute CustomTextField'],
    ['ORDER BY TemporalChangeVersion', 'cannot ORDER BY KeywordList attribute TemporalChangeVersion'],
    ['GROUP BY WorkflowType', 'GROUP BY is only supported for ExecutionStatus, not WorkflowType'],
    ['GROUP BY ExecutionStatus, TaskQueue', 'GROUP BY is only supported for ExecutionStatus'],
  ])('operator not valid for the type: %s', (query, message) => {
    expect(errorOf(query).message).toContain(message);
  });

  it.each([
    ['WorkflowId', "expected an operator after 'WorkflowId', found end of query"],
    ["WorkflowId = 'a' AND", 'expected a search attribute name, found end of query'],
    [
      "WorkflowId = 'a' OR OR WorkflowId = 'b'",
      "syntax error at position 20: expected a search attribute name, found 'OR'",
    ],
    ["WorkflowId 'a'", "expected an operator after 'WorkflowId', found 'a'"],
    ["WorkflowId LIKE 'a%'", "expected an operator after 'WorkflowId', found 'LIKE'"],
    ["WorkflowId = 'a' WorkflowType = 'b'", "expected end of query, found 'WorkflowType'"],
    ["(WorkflowId = 'a'", "expected ')', found end of query"],
    ["WorkflowId = 'a')", "expected end of query, found ')'"],
    ["WorkflowId = 'unterminated", "unterminated ' quote starting at position 13"],
    ['WorkflowId = "unterminated', 'unterminated " quote starting at position 13'],
    ['`WorkflowId = 1', 'unterminated ` quote starting at position 0'],
    ['`` = 1', 'empty backquoted name'],
    ["WorkflowId = 'a' ; DROP TABLE x", "unexpected character ';' at position 17"],
    ['WorkflowId IN ()', 'expected a value'],
    ["WorkflowId IN 'a'", "expected '(', found 'a'"],
    ["WorkflowId IN ('a' 'b')", "expected ')', found 'b'"],
    ["WorkflowId BETWEEN 'a' 'b'", "expected AND, found 'b'"],
    ["WorkflowId NOT = 'a'", 'expected IN, BETWEEN or STARTS_WITH after NOT'],
    ['CloseTime IS MISSING', "expected NULL, found 'MISSING'"],
    ['WorkflowId = NULL', 'expected a value'],
    ["'a' = WorkflowId", "expected a search attribute name, found 'a'"],
    ['AND = 1', "expected a search attribute name, found 'AND'"],
    ['ORDER StartTime', "expected BY, found 'StartTime'"],
    ['ORDER BY', 'expected a search attribute name, found end of query'],
    ['ORDER BY StartTime sideways', "expected end of query, found 'sideways'"],
    ["ORDER BY StartTime WorkflowId = 'a'", "expected end of query, found 'WorkflowId'"],
    ['GROUP BY ExecutionStatus ORDER BY StartTime GROUP BY ExecutionStatus', "expected end of query, found 'GROUP'"],
  ])('syntax error: %s', (query, message) => {
    expect(errorOf(query).message).toContain(message);
  });

  it('prefixes every message like the real server does', () => {
    const error = errorOf('WorkflowId ==');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('VisibilityQueryError');
    expect(error.message).toMatch(/^invalid query: /);
  });

  it('checks operands even in branches no row would reach', () => {
    expect(errorOf("WorkflowId = 'a' AND (CustomIntField = 1 OR CustomIntField = 'x')").message).toContain(
      "invalid value 'x'",
    );
  });
});

import { type temporal } from '@temporalio/proto';
import { type Engine } from '../engine/engine';
import { invalidArgument } from '../grpc/service-error';
import { type Run, Status } from '../history/run';
import { decodeSearchAttributes } from '../namespace/search-attribute-payloads';
import { jsonPayload } from '../proto/payloads';
import { long } from '../proto/time';
import { compileVisibilityQuery, type CompiledQuery, VisibilityQueryError, type VisibilityRow } from '../visibility';
import { executionInfo, visibleSearchAttributes } from './execution-info';

type StatusName = VisibilityRow['status'];

const STATUS_NAMES = new Map<Status, StatusName>([
  [Status.WORKFLOW_EXECUTION_STATUS_RUNNING, 'Running'],
  [Status.WORKFLOW_EXECUTION_STATUS_COMPLETED, 'Completed'],
  [Status.WORKFLOW_EXECUTION_STATUS_FAILED, 'Failed'],
  [Status.WORKFLOW_EXECUTION_STATUS_CANCELED, 'Canceled'],
  [Status.WORKFLOW_EXECUTION_STATUS_TERMINATED, 'Terminated'],
  [Status.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, 'ContinuedAsNew'],
  [Status.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, 'TimedOut'],
]);

function rowOf(run: Run): VisibilityRow {
  return {
    workflowId: run.workflowId,
    runId: run.runId,
    workflowType: run.workflowType,
    taskQueue: run.taskQueue,
    status: STATUS_NAMES.get(run.status) ?? 'Running',
    startTime: run.startTimeMs,
    executionTime: run.executionTimeMs,
    closeTime: run.closeTimeMs,
    searchAttributes: decodeSearchAttributes(visibleSearchAttributes(run)),
  };
}

function compile(
  engine: Engine,
  namespace: string | null | undefined,
  query: string | null | undefined,
): [CompiledQuery, Run[]] {
  const ns = engine.namespace(namespace);
  try {
    return [compileVisibilityQuery(query ?? '', ns.searchAttributes.kinds()), [...ns.allRuns()]];
  } catch (error) {
    if (error instanceof VisibilityQueryError) throw invalidArgument(error.message);
    throw error;
  }
}

const DEFAULT_PAGE_SIZE = 1000;

export function listWorkflowExecutions(
  engine: Engine,
  request: temporal.api.workflowservice.v1.IListWorkflowExecutionsRequest,
): temporal.api.workflowservice.v1.IListWorkflowExecutionsResponse {
  const [query, runs] = compile(engine, request.namespace, request.query);
  const rows = runs.map((run) => ({ run, row: rowOf(run) })).filter(({ row }) => query.matches(row));
  rows.sort((a, b) => query.compare(a.row, b.row));
  const offset = request.nextPageToken?.length ? Number(Buffer.from(request.nextPageToken).toString('utf8')) || 0 : 0;
  const pageSize = request.pageSize && request.pageSize > 0 ? request.pageSize : DEFAULT_PAGE_SIZE;
  const page = rows.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return {
    executions: page.map(({ run }) => executionInfo(run)),
    nextPageToken: next < rows.length ? Buffer.from(String(next)) : undefined,
  };
}

export function countWorkflowExecutions(
  engine: Engine,
  request: temporal.api.workflowservice.v1.ICountWorkflowExecutionsRequest,
): temporal.api.workflowservice.v1.ICountWorkflowExecutionsResponse {
  const [query, runs] = compile(engine, request.namespace, request.query);
  const rows = runs.map(rowOf).filter((row) => query.matches(row));
  if (query.groupBy.length === 0) return { count: long(rows.length), groups: [] };
  // Groups in the order of the status enum, as the real server returns them.
  const groups = [...STATUS_NAMES.values()]
    .map((name) => ({ name, count: rows.filter((row) => row.status === name).length }))
    .filter((group) => group.count > 0)
    .map((group) => ({ groupValues: [jsonPayload(group.name, { type: 'Keyword' })], count: long(group.count) }));
  return { count: long(rows.length), groups };
}

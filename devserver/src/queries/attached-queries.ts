import { temporal } from '@temporalio/proto';
import { type Run } from '../history/run';
import { type WorkflowTaskState } from '../workflow-task/workflow-task-state';

type QueryResult = temporal.api.query.v1.IWorkflowQueryResult;

/** Resolves queries that rode on a workflow task from its completion's `query_results`; unanswered ones wait again. */
export function answerAttachedQueries(run: Run, task: WorkflowTaskState, results: Record<string, QueryResult>): void {
  for (const [id, query] of task.attachedQueries) {
    const result = results[id];
    if (!result) {
      run.pendingQueries.push(query);
      continue;
    }
    if (result.resultType === temporal.api.enums.v1.QueryResultType.QUERY_RESULT_TYPE_ANSWERED) {
      query.answer(result.answer);
    } else {
      query.fail(result.errorMessage || result.failure?.message || 'query failed');
    }
  }
  task.attachedQueries.clear();
}

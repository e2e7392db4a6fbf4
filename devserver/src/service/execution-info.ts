import { type Run } from '../history/run';
import { type temporal as T } from '../proto/codec';
import { jsonPayload } from '../proto/payloads';
import { long, msToDuration, msToTimestamp } from '../proto/time';

/** Search attributes as clients see them: typed payloads plus `BinaryChecksums` (read by SDK tests). */
export function visibleSearchAttributes(run: Run): Record<string, T.api.common.v1.IPayload> {
  const fields = { ...run.searchAttributes };
  if (run.binaryChecksums.length > 0) {
    fields.BinaryChecksums = jsonPayload(run.binaryChecksums, { type: 'KeywordList' });
  }
  return fields;
}

/** `WorkflowExecutionInfo` for describe and list (the TS decoder requires history length, start time, task queue). */
export function executionInfo(run: Run): T.api.workflow.v1.IWorkflowExecutionInfo {
  return {
    execution: run.execution,
    type: { name: run.workflowType },
    startTime: msToTimestamp(run.startTimeMs),
    closeTime: run.closeTimeMs !== undefined ? msToTimestamp(run.closeTimeMs) : undefined,
    status: run.status,
    historyLength: long(run.events.length),
    historySizeBytes: long(run.historySizeBytes),
    parentNamespaceId: run.parent?.namespace,
    parentExecution: run.parent?.execution,
    rootExecution: run.root,
    executionTime: msToTimestamp(run.executionTimeMs),
    executionDuration:
      run.closeTimeMs !== undefined ? msToDuration(Math.max(0, run.closeTimeMs - run.executionTimeMs)) : undefined,
    memo: { fields: run.memo },
    searchAttributes: { indexedFields: visibleSearchAttributes(run) },
    taskQueue: run.taskQueue,
    stateTransitionCount: long(run.events.length),
    firstRunId: run.firstExecutionRunId,
  };
}

import { type temporal } from '../proto/codec';
import { type Engine } from '../engine/engine';
import { attributesOf } from '../history/event-types';
import { type Run } from '../history/run';
import { createRun, type RunSpec } from './create-run';

type StartedAttributes = temporal.api.history.v1.IWorkflowExecutionStartedEventAttributes;

export function startedAttributes(run: Run): StartedAttributes {
  const first = run.event(1);
  return first ? attributesOf<StartedAttributes>(first) : {};
}

/**
 * Starts the next run of a chain (continue-as-new, retry, cron): same workflow id, same first run id, same parent;
 * everything not overridden is inherited from the closing run.
 */
export function startNextRunInChain(
  engine: Engine,
  previous: Run,
  runId: string,
  overrides: Partial<RunSpec> & Pick<RunSpec, 'firstTaskBackoffMs' | 'attempt'>,
  initiator: temporal.api.enums.v1.ContinueAsNewInitiator,
  carried: {
    continuedFailure?: temporal.api.failure.v1.IFailure | null;
    lastCompletionResult?: temporal.api.common.v1.IPayloads | null;
  } = {},
): Run {
  const started = startedAttributes(previous);
  const spec: RunSpec = {
    workflowId: previous.workflowId,
    workflowType: previous.workflowType,
    taskQueue: previous.taskQueue,
    input: started.input,
    header: started.header,
    memo: previous.memo,
    searchAttributes: previous.searchAttributes,
    identity: started.identity ?? '',
    requestId: runId,
    workflowTaskTimeoutMs: previous.workflowTaskTimeoutMs,
    runTimeoutMs: previous.runTimeoutMs,
    executionTimeoutMs: previous.executionTimeoutMs,
    retryPolicy: previous.retryPolicy,
    cronSchedule: previous.cronSchedule,
    parent: previous.parent,
    root: previous.root,
    priority: started.priority,
    ...overrides,
    chain: {
      firstExecutionRunId: previous.firstExecutionRunId,
      continuedExecutionRunId: previous.runId,
      initiator,
      executionExpirationMs: previous.executionExpirationMs,
      ...carried,
    },
  };
  const next = createRun(engine, engine.namespace(previous.namespace), spec, undefined, runId);
  previous.nextRun = next;
  return next;
}

import { type IndexedValueType } from '../namespace/search-attribute-registry';

export interface EngineConfig {
  /** Namespaces that exist from the start (`default` plus `--namespace` flags). */
  readonly namespaces: readonly string[];
  /** Extra custom search attributes registered in every namespace (`--search-attribute Name=Type`). */
  readonly searchAttributes: ReadonlyArray<readonly [string, IndexedValueType]>;
  /** Wall ms a task poll waits before answering empty (Core's own deadline is 70 s). */
  readonly taskPollMs: number;
  /** Wall ms a `GetWorkflowExecutionHistory` long poll waits (real server ~20 s). */
  readonly historyPollMs: number;
  /** Wall ms an update call waits for its stage before returning the stage reached. */
  readonly updatePollMs: number;
  /** Wall ms a query waits for a worker before DEADLINE_EXCEEDED. */
  readonly queryTimeoutMs: number;
  readonly defaultWorkflowTaskTimeoutMs: number;
  /** In-flight update limit per run (real server default 10). */
  readonly maxInFlightUpdates: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  namespaces: ['default'],
  searchAttributes: [],
  taskPollMs: 60_000,
  historyPollMs: 20_000,
  updatePollMs: 20_000,
  queryTimeoutMs: 60_000,
  defaultWorkflowTaskTimeoutMs: 10_000,
  maxInFlightUpdates: 10,
};

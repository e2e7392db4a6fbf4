import { type VirtualClock } from '../clock/virtual-clock';
import { type Run } from '../history/run';
import { TaskQueueSet } from '../matching/task-queue';
import { Namespace } from '../namespace/namespace';
import { namespaceNotFound } from '../namespace/namespace-failure';
import { type temporal } from '../proto/codec';
import { type QueryRecord } from '../queries/query-record';
import { type ActivityState } from '../activities/activity-state';
import { type EngineConfig } from './engine-config';
import { type Durability } from '../persistence/durability';

export type WorkflowQueueItem =
  | { readonly kind: 'workflow-task'; readonly run: Run; readonly scheduledEventId: number }
  | { readonly kind: 'query'; readonly run: Run; readonly query: QueryRecord };

export interface ActivityQueueItem {
  readonly run: Run;
  readonly activity: ActivityState;
  readonly attempt: number;
}

export type Logger = (message: string, error?: unknown) => void;

/** All server state, passed explicitly to every operation (there are no module-level singletons). */
export class Engine {
  readonly workflowQueues = new TaskQueueSet<
    WorkflowQueueItem,
    temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse
  >();
  readonly activityQueues = new TaskQueueSet<
    ActivityQueueItem,
    temporal.api.workflowservice.v1.IPollActivityTaskQueueResponse
  >();
  /** Legacy query tasks handed to a worker, by query id (the task token names it). */
  readonly outstandingQueries = new Map<string, QueryRecord>();
  private readonly namespaces = new Map<string, Namespace>();
  /** Set with `--db-filename` once recovery is done; undefined keeps the server purely in memory. */
  durability?: Durability;

  constructor(
    readonly clock: VirtualClock,
    readonly config: EngineConfig,
    readonly log: Logger,
  ) {
    for (const name of config.namespaces) this.addNamespace(name);
  }

  addNamespace(name: string): Namespace {
    let ns = this.namespaces.get(name);
    if (!ns) {
      ns = new Namespace(name);
      for (const [attribute, type] of this.config.searchAttributes) ns.searchAttributes.custom.set(attribute, type);
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  /** The namespace, or NOT_FOUND with a `NamespaceNotFoundFailure` detail. */
  namespace(name: string | null | undefined): Namespace {
    const ns = this.namespaces.get(name || 'default');
    if (!ns) throw namespaceNotFound(name ?? '');
    return ns;
  }

  allNamespaces(): IterableIterator<Namespace> {
    return this.namespaces.values();
  }

  now(): number {
    return this.clock.now();
  }
}

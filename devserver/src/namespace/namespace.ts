import { randomUUID } from 'node:crypto';
import { type Run } from '../history/run';
import { SearchAttributeRegistry } from './search-attribute-registry';

/** A namespace: its search-attribute registry and every run of every workflow id (oldest first). */
export class Namespace {
  readonly id = randomUUID();
  readonly searchAttributes = new SearchAttributeRegistry();
  private readonly runsByWorkflowId = new Map<string, Run[]>();
  private readonly runsById = new Map<string, Run>();

  constructor(readonly name: string) {}

  addRun(run: Run): void {
    let runs = this.runsByWorkflowId.get(run.workflowId);
    if (!runs) {
      runs = [];
      this.runsByWorkflowId.set(run.workflowId, runs);
    }
    runs.push(run);
    this.runsById.set(run.runId, run);
  }

  /** Forgets a run (retention of closed runs with `--db-filename`). */
  removeRun(run: Run): void {
    this.runsById.delete(run.runId);
    const runs = this.runsByWorkflowId.get(run.workflowId)?.filter((r) => r !== run);
    if (runs?.length) this.runsByWorkflowId.set(run.workflowId, runs);
    else this.runsByWorkflowId.delete(run.workflowId);
  }

  latestRun(workflowId: string): Run | undefined {
    const runs = this.runsByWorkflowId.get(workflowId);
    return runs?.[runs.length - 1];
  }

  runById(runId: string): Run | undefined {
    return this.runsById.get(runId);
  }

  allRuns(): IterableIterator<Run> {
    return this.runsById.values();
  }
}

/**
 * The notify worker as production runs it (`notify worker`): its own process, so the API process pays for neither
 * its workflow activations nor the async-context bookkeeping its activities need. Forked by bench/ingest/service.ts;
 * answers `idle` once it has had nothing in flight for a moment.
 */
import { NativeConnection, Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { loadConfig } from '../../config/load';
import { connect } from '../../db/connect';
import { createNotifyWorker } from '../../worker/create-worker';
import { buildDependencies } from '../../worker/dependencies';

export interface WorkerProcessSetup {
  readonly env: Record<string, string>;
  readonly databaseUrl: string | undefined;
  readonly schema: string | undefined;
}

export type ToWorkerProcess = { readonly kind: 'idle' } | { readonly kind: 'stop' };
export type FromWorkerProcess =
  { readonly kind: 'ready' } | { readonly kind: 'idle' } | { readonly kind: 'error'; readonly message: string };

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const setup = JSON.parse(process.argv[2] ?? '{}') as WorkerProcessSetup;
  const config = loadConfig({ env: setup.env });
  const database = await connect(
    setup.databaseUrl ? { databaseUrl: setup.databaseUrl, schema: setup.schema } : { inMemory: true },
  );
  const dependencies = await buildDependencies(config, { database });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createNotifyWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities(dependencies.deps),
  });
  process.on('message', (message: ToWorkerProcess) => {
    if (message.kind === 'stop') worker.shutdown();
    else void workerIdle(worker).then(() => process.send?.({ kind: 'idle' } satisfies FromWorkerProcess));
  });
  process.send?.({ kind: 'ready' } satisfies FromWorkerProcess);
  try {
    await worker.run();
  } finally {
    await dependencies.close();
    await database.close();
    await connection.close();
  }
  process.disconnect?.();
}

/** Resolves once the worker has had nothing in flight for `quietMs`: the previous phase's workflows are done. */
export async function workerIdle(worker: Worker, quietMs = 500, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const status = worker.getStatus();
    if (status.numInFlightWorkflowActivations > 0 || status.numInFlightActivities > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.send?.({ kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exitCode = 1;
  });
}

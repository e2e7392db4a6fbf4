import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, WorkflowClient } from '@temporalio/client';
import { sql } from 'kysely';
import pino from 'pino';
import { createApiLogger } from '../../api/observability/logger';
import { buildApi } from '../../api/server';
import type { Config } from '../../config/config';
import { loadConfig } from '../../config/load';
import { connect } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { serviceKeys } from '../../worker/dependencies';
import { registerSearchAttributes } from '../../worker/search-attributes';
import type { FromWorkerProcess, ToWorkerProcess, WorkerProcessSetup } from './worker-process';
import { freePort } from '../../test/helpers/free-port';

const TEMPORAL_LITE = path.join(__dirname, '..', '..', 'devserver', 'bin', 'temporal-lite');
export const BENCH_SECRET = 'bench-ingest-secret-0123456789abcdef';

export interface BenchService {
  readonly config: Config;
  readonly apiUrl: string;
  readonly temporalAddress: string;
  readonly temporalPid: number;
  readonly workerPid: number;
  /** Resolves once the worker has had nothing in flight for a moment: the previous phase's workflows are done. */
  readonly workerIdle: () => Promise<void>;
  readonly databaseLocation: string;
  readonly close: () => Promise<void>;
}

/**
 * The production topology on loopback: temporal-lite in real time (its dev-server form), the API in this process
 * (`notify api`), the worker with real activities and outbox sinks in a process of its own (`notify worker`), both on
 * Postgres in a schema of their own, dropped at the end.
 */
export async function startBenchService(databaseUrl: string): Promise<BenchService> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const port = await freePort();
    const temporalAddress = `127.0.0.1:${port}`;
    const temporal = spawn(TEMPORAL_LITE, ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cleanups.push(() => stopChild(temporal));
    const client = await connectWhenUp(temporalAddress, temporal);
    cleanups.push(() => client.close());

    const dataDir = await mkdtemp(path.join(tmpdir(), 'notify-bench-ingest-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const configEnv = {
      NOTIFY_INGEST_SECRET: BENCH_SECRET,
      NOTIFY_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: temporalAddress,
    };
    const loaded = loadConfig({ env: configEnv });
    // One driver on loopback is one source posting far past a shop's budget (the paced phase alone is 5,000 requests
    // in 10 s): the bench measures ingest, not the per-source rate limit, so its budget is lifted out of reach.
    const config: Config = { ...loaded, api: { ...loaded.api, rateLimitPerMinute: 10_000_000 } };
    const schema = `notify_bench_${randomBytes(4).toString('hex')}`;
    // The pool size `notify api` gets (connect's default); migrated here, before the worker shares the schema.
    const database = await connect({ databaseUrl, schema });
    cleanups.push(async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
      await database.close();
    });
    await migrateToLatest(database.db);

    const { namespace } = config.temporal;
    await registerSearchAttributes(client, namespace);
    const worker = await forkWorker({ env: configEnv, databaseUrl, schema });
    cleanups.push(() => worker.stop());

    // Logged as in production (info, JSON), to a sink rather than the bench's terminal.
    const logger = createApiLogger({ destination: pino.destination({ dest: '/dev/null', sync: false }) });
    const api = buildApi({
      db: database.db,
      workflows: new WorkflowClient({ connection: client, namespace }),
      config,
      logger,
      clock: () => new Date(),
      keys: serviceKeys(config),
    });
    cleanups.push(() => api.close());
    const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
    return {
      config,
      apiUrl,
      temporalAddress,
      temporalPid: temporal.pid ?? 0,
      workerPid: worker.pid,
      workerIdle: worker.idle,
      databaseLocation: database.location,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function connectWhenUp(address: string, child: ChildProcess, limitMs = 20_000): Promise<Connection> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      return await Connection.connect({ address, connectTimeout: 1000 });
    } catch (err) {
      if (child.exitCode !== null || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** `notify worker` as a child process (bench/ingest/worker-process.ts). */
async function forkWorker(setup: WorkerProcessSetup) {
  const child = fork(path.join(__dirname, 'worker-process.ts'), [JSON.stringify(setup)], {
    execArgv: ['--require', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<FromWorkerProcess>((resolve, reject) => {
      child.once('message', resolve);
      void exited.then(() => reject(new Error('the worker process exited')));
    });
  const ready = await next();
  if (ready.kind === 'error') throw new Error(`worker: ${ready.message}`);
  return {
    pid: child.pid ?? 0,
    idle: async () => {
      const answer = next();
      child.send({ kind: 'idle' } satisfies ToWorkerProcess);
      await answer;
    },
    stop: async () => {
      if (child.exitCode === null) child.send({ kind: 'stop' } satisfies ToWorkerProcess);
      await exited;
    },
  };
}

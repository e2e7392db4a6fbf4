import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createActivities } from '../../../activities';
import { createApiLogger } from '../../../api/observability/logger';
import { buildApi } from '../../../api/server';
import { OutboxDirectory } from '../../../channels/outbox';
import type { Config } from '../../../config/config';
import { loadConfig } from '../../../config/load';
import { createNotifyWorker } from '../../../worker/create-worker';
import { buildDependencies, serviceKeys } from '../../../worker/dependencies';
import { registerSearchAttributes } from '../../../worker/search-attributes';
import { AUTH_TOKEN, INGEST_SECRET, PUBLIC_URL } from '../../api/helpers/api-fixture';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../../db/helpers/backends';
import { createTestEnv } from '../../helpers/temporal-env';
import type { CapturedLogs } from './captured-logs';
import { VirtualClock } from './virtual-clock';

/** How far virtual time moves between two looks at the database while waiting for the service to act. */
const PROBE_STEP_MS = 60_000;
const MAX_PROBES = 30;

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The whole service as production wires it, on one machine: temporal-lite with time skipping, the real worker
 * (real activities, outbox sinks in a scratch directory), and the HTTP API on a free loopback port, sharing one
 * test database (Postgres when DATABASE_URL is set, else PGlite).
 */
export interface ServiceStack {
  readonly env: TestWorkflowEnvironment;
  readonly config: Config;
  readonly database: TestDatabase;
  readonly outbox: OutboxDirectory;
  readonly clock: VirtualClock;
  readonly baseUrl: string;
  readonly post: (urlPath: string, headers: Record<string, string>, body: string) => Promise<HttpAnswer>;
  /** Skips virtual time; the worker acts on whatever falls due meanwhile. */
  readonly advance: (ms: number) => Promise<void>;
  /** Probes until it returns a value, moving virtual time a minute between probes; fails after half an hour. */
  readonly waitFor: <T>(what: string, probe: () => Promise<T | undefined>) => Promise<T>;
  readonly close: () => Promise<void>;
}

export async function openServiceStack(options: { startTime: string; logs: CapturedLogs }): Promise<ServiceStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const env = await createTestEnv({ extraArgs: ['--start-time', options.startTime] });
    cleanups.push(() => env.teardown());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'notify-e2e-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const config = loadConfig({
      env: {
        NOTIFY_INGEST_SECRET: INGEST_SECRET,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        NOTIFY_PUBLIC_URL: PUBLIC_URL,
        NOTIFY_DATA_DIR: dataDir,
      },
    });
    const database = await openTestDatabase(BACKENDS[BACKENDS.length - 1] ?? 'pglite');
    cleanups.push(() => database.close());
    const clock = new VirtualClock(env);
    await clock.sync();

    const namespace = env.namespace ?? 'default';
    await registerSearchAttributes(env.connection, namespace);
    const dependencies = await buildDependencies(config, { clock: clock.forActivities, database: database.handle });
    cleanups.push(() => dependencies.close());
    const worker = await createNotifyWorker({
      connection: env.nativeConnection,
      namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities(dependencies.deps),
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const api = buildApi({
      db: database.db,
      workflows: env.client.workflow,
      config,
      logger: createApiLogger({ destination: options.logs.apiDestination }),
      clock: clock.now,
      keys: serviceKeys(config),
    });
    cleanups.push(() => api.close());
    const baseUrl = await api.listen({ host: '127.0.0.1', port: 0 });

    const advance = async (ms: number) => {
      await env.sleep(ms);
      await clock.sync();
    };
    return {
      env,
      config,
      database,
      outbox: new OutboxDirectory(dataDir),
      clock,
      baseUrl,
      post: async (urlPath, headers, body) => {
        const response = await fetch(`${baseUrl}${urlPath}`, { method: 'POST', headers, body });
        return { status: response.status, body: await response.text() };
      },
      advance,
      waitFor: async (what, probe) => {
        for (let attempt = 0; attempt < MAX_PROBES; attempt++) {
          const found = await probe();
          if (found !== undefined) return found;
          await advance(PROBE_STEP_MS);
        }
        throw new Error(`gave up waiting for ${what} after ${(MAX_PROBES * PROBE_STEP_MS) / 60_000} virtual minutes`);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

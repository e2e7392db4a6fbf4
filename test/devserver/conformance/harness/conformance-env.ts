import { type TestWorkflowEnvironment } from '@temporalio/testing';
import {
  DefaultLogger,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkflowBundle,
  bundleWorkflowCode,
  makeTelemetryFilterString,
} from '@temporalio/worker';
import { type TestEnvOptions, createTestEnv } from '../../../helpers/temporal-env';
import { type CacheMode } from './cache-modes';
import { uniqueId } from './ids';
import { silentLogger } from './silent-logger';

/** What a test may add to the worker it runs: activities, sinks, a different bundle, tuning. */
export type ExtraWorkerOptions = Omit<
  WorkerOptions,
  'connection' | 'taskQueue' | 'workflowsPath' | 'maxCachedWorkflows'
>;

export interface ConformanceEnv {
  /** The environment shared by every test of the file (time skipping is global to it). */
  readonly env: TestWorkflowEnvironment;
  /** The file's workflow bundle, built once. */
  readonly bundle: WorkflowBundle;
  /**
   * Runs `body` while a fresh worker polls a fresh task queue, then shuts the worker down (also when
   * `body` throws) and waits for it to stop.
   */
  withWorker<T>(
    mode: CacheMode,
    options: ExtraWorkerOptions,
    body: (taskQueue: string) => Promise<T>,
    taskQueue?: string,
  ): Promise<T>;
}

/**
 * These scenarios fail activities and workflow tasks on purpose, which the SDK logs at WARN; keep the
 * runtime at ERROR so that real problems stand out. Installed before the shared helper installs its own
 * (WARN) runtime, which then keeps this one; a runtime can only be installed once per module registry.
 */
function quietRuntimeLogger(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
    });
  } catch {
    // Already installed by an earlier suite in this jest module registry.
  }
}

/** Bundles a workflow module quietly (for files that need a second deployment of their workflows). */
export async function bundleWorkflows(workflowsPath: string): Promise<WorkflowBundle> {
  return await bundleWorkflowCode({ workflowsPath, logger: silentLogger });
}

/**
 * Registers beforeAll/afterAll hooks that start one temporal-lite environment and bundle the given
 * workflow module once for the whole test file, so that each test only pays for a worker.
 */
export function useConformanceEnv(workflowsPath: string, envOptions: TestEnvOptions = {}): ConformanceEnv {
  let env: TestWorkflowEnvironment | undefined;
  let bundle: WorkflowBundle | undefined;

  beforeAll(async () => {
    quietRuntimeLogger();
    // One after the other: the launcher must answer within the SDK's 5 s start-up limit, and bundling
    // at the same time competes with it for the two cores.
    env = await createTestEnv(envOptions);
    bundle = await bundleWorkflows(workflowsPath);
  });

  afterAll(async () => {
    await env?.teardown();
  });

  const context: ConformanceEnv = {
    get env(): TestWorkflowEnvironment {
      if (!env) throw new Error('the conformance environment failed to start (see beforeAll)');
      return env;
    },
    get bundle(): WorkflowBundle {
      if (!bundle) throw new Error('the workflow bundle failed to build (see beforeAll)');
      return bundle;
    },
    async withWorker(mode, options, body, taskQueue = uniqueId('tq')) {
      const worker = await Worker.create({
        workflowBundle: context.bundle,
        // Workflows run in the worker's own thread instead of a fresh thread pool that loads the bundle
        // again: Worker.create drops from about a second to tens of milliseconds, and a worker per test
        // stays affordable. What reaches the server (Core, the sandbox, every RPC) is unchanged.
        debugMode: true,
        ...options,
        connection: context.env.nativeConnection,
        taskQueue,
        ...(mode.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: mode.maxCachedWorkflows }),
      });
      return await worker.runUntil(body(taskQueue));
    },
  };
  return context;
}

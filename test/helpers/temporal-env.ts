import * as path from 'node:path';
import { TestWorkflowEnvironment, type TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Absolute path of the temporal-lite launcher (accepts `<port> [--start-time ISO]` and `server start-dev …`). */
export const TEMPORAL_LITE_PATH = path.resolve(__dirname, '..', '..', 'devserver', 'bin', 'temporal-lite');

export interface TestEnvOptions {
  /** Extra launcher arguments, e.g. `['--start-time', '2026-03-08T06:00:00Z']` (temporal-lite only). */
  readonly extraArgs?: readonly string[];
  /** Passed through to `createTimeSkipping` (client options, plugins). */
  readonly client?: TimeSkippingTestWorkflowEnvironmentOptions['client'];
}

let runtimeInstalled = false;

/** The SDK's runtime logger is chatty at INFO; tests only want warnings. Runtime.install works once per process. */
function quietRuntimeLogger(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Another helper (or a test) installed the runtime first; its logger stays.
  }
}

/**
 * A time-skipping test environment backed by temporal-lite. With `NOTIFY_TEST_SERVER=download` the SDK's
 * downloaded Java test server is used instead (to cross-check behaviour when a network is available).
 */
export async function createTestEnv(options: TestEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  quietRuntimeLogger();
  if (process.env.NOTIFY_TEST_SERVER === 'download') {
    return await TestWorkflowEnvironment.createTimeSkipping({ client: options.client });
  }
  return await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_LITE_PATH },
      extraArgs: [...(options.extraArgs ?? [])],
    },
    client: options.client,
  });
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { routeEvent } from '../../api/ingest/route-event';
import { handleInboundSms } from '../../api/twilio/handle-inbound';
import type { Config } from '../../config/config';
import { createNotifyWorker } from '../create-worker';
import { buildDependencies } from '../dependencies';
import { registerSearchAttributes } from '../search-attributes';
import { readTimeline, type TimelineEntry } from './timeline';
import type { TraceStep } from './trace';

const TEMPORAL_LITE = path.join(__dirname, '..', '..', 'devserver', 'bin', 'temporal-lite');
const DAY = 86_400_000;
/** How often (virtual time) the simulator checks whether every workflow has finished. */
const CHECK_EVERY = 6 * 3_600_000;

export interface SimulationOptions {
  /** Stop at this instant (epoch ms) even if workflows are still waiting; default 30 days after the last event. */
  readonly until?: number;
  /** Called with the environment before it is torn down (e.g. to save workflow histories). */
  readonly beforeTeardown?: (env: TestWorkflowEnvironment) => Promise<void>;
}

/**
 * Runs a trace through the real workflows and activities on temporal-lite with time skipping: an in-memory
 * database, outbox sinks in a scratch directory, the virtual clock starting at the first event. Returns what the
 * service did, read back from the database.
 */
export async function runSimulation(
  config: Config,
  steps: readonly TraceStep[],
  options: SimulationOptions = {},
): Promise<TimelineEntry[]> {
  installQuietRuntime();
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (!first || !last) return [];
  const until = options.until ?? last.at + 30 * DAY;
  const scratch = await mkdtemp(path.join(tmpdir(), 'notify-simulate-'));
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_LITE },
      extraArgs: ['--start-time', new Date(first.at - 1000).toISOString()],
    },
  });
  let virtualNow = first.at;
  const dependencies = await buildDependencies(simulationConfig(config, scratch), {
    inMemoryDatabase: true,
    clock: () => activityTime() ?? new Date(virtualNow),
  });
  try {
    const { namespace, taskQueue } = { namespace: env.namespace ?? 'default', taskQueue: config.temporal.taskQueue };
    await registerSearchAttributes(env.connection, namespace);
    const worker = await createNotifyWorker({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      activities: createActivities(dependencies.deps),
    });
    const router = {
      db: dependencies.database.db,
      workflows: env.client.workflow,
      taskQueue,
      policy: config.policy,
      source: 'simulation',
      config,
    };
    await worker.runUntil(async () => {
      for (const step of steps) {
        virtualNow = await sleepUntil(env, step.at);
        const receivedAt = new Date(virtualNow);
        if (step.event.type === 'sms.inbound') {
          // The production path: keywords (STOP, 退订, HELP, START) first, then replies to open prompts.
          await handleInboundSms(router, {
            provider: 'simulation',
            providerMessageId: step.event.id,
            from: step.event.data.from,
            to: 'notify',
            body: step.event.data.body,
            receivedAt,
          });
        } else {
          await routeEvent(router, step.event, receivedAt);
        }
      }
      while (virtualNow < until && (await anyRunning(env))) {
        virtualNow = await sleepUntil(env, Math.min(until, virtualNow + CHECK_EVERY));
      }
    });
    const timeline = await readTimeline(dependencies.database.db, config.policy.defaultTimezone);
    await options.beforeTeardown?.(env);
    return timeline;
  } finally {
    await dependencies.close();
    await env.teardown();
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Same policy and copy; outbox sinks and a scratch directory instead of real providers and the real data dir; links
 * signed with a secret of their own (the real one when set; else one for this run, as nothing outlives it).
 */
function simulationConfig(config: Config, scratch: string): Config {
  return {
    ...config,
    api: { ...config.api, ingestSecret: config.api.ingestSecret ?? randomBytes(32).toString('hex') },
    database: { url: undefined, dataDir: scratch },
    channels: {
      sms: { ...config.channels.sms, provider: 'outbox' },
      email: { ...config.channels.email, provider: 'outbox', smtpUrl: undefined },
    },
    alerts: { ...config.alerts, email: undefined, webhookUrl: undefined },
  };
}

/** Inside an activity, the server's (virtual) time the attempt was scheduled at. */
function activityTime(): Date | undefined {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return undefined;
  }
}

async function sleepUntil(env: TestWorkflowEnvironment, at: number): Promise<number> {
  const now = await env.currentTimeMs();
  if (at > now) await env.sleep(at - now);
  return Math.max(at, now);
}

async function anyRunning(env: TestWorkflowEnvironment): Promise<boolean> {
  for await (const _ of env.client.workflow.list({ query: `ExecutionStatus = 'Running'` })) return true;
  return false;
}

let runtimeInstalled = false;

function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // A runtime is already installed (tests); keep it.
  }
}

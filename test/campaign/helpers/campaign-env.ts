import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import type { CampaignOperationsContext } from '../../../client/campaign/operations';
import type { Config } from '../../../config/config';
import { loadConfig } from '../../../config/load';
import { NOTIFY_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';
import { type TestChannels, startTestChannels } from '../../activities/helpers/channels';
import { ManualClock } from '../../activities/helpers/clock';
import { activityDeps } from '../../activities/helpers/deps';
import { type Backend, openTestDatabase, type TestDatabase } from '../../db/helpers/backends';
import { createTestEnv } from '../../helpers/temporal-env';

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * Everything a campaign test runs on: the test database, temporal-lite with time skipping from a fixed instant, the
 * real twilio client and an SMTP server on loopback, and one worker with the real activities for the whole file.
 */
export class CampaignTestEnv {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly database: TestDatabase,
    readonly channels: TestChannels,
    readonly config: Config,
    private readonly worker: Worker,
    private readonly running: Promise<void>,
  ) {}

  static async start(options: { readonly backend: Backend; readonly startTime: string }): Promise<CampaignTestEnv> {
    const database = await openTestDatabase(options.backend);
    const env = await createTestEnv({ extraArgs: ['--start-time', options.startTime] });
    const clock = new ManualClock(new Date());
    const channels = await startTestChannels(clock);
    try {
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace ?? 'default',
        searchAttributes: Object.fromEntries(NOTIFY_SEARCH_ATTRIBUTES.map((key) => [key.name, 1])),
      });
      const base = loadConfig({ env: {} });
      const config: Config = { ...base, temporal: { ...base.temporal, taskQueue: `campaign-${randomUUID()}` } };
      const deps = activityDeps(database.db, channels, clock, { clock: () => new Date() });
      const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), logger: quiet });
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: config.temporal.taskQueue,
        workflowBundle: bundle,
        activities: createActivities(deps),
      });
      const running = worker.run();
      return new CampaignTestEnv(env, database, channels, config, worker, running);
    } catch (err) {
      await Promise.allSettled([env.teardown(), channels.close(), database.close()]);
      throw err;
    }
  }

  get ops(): CampaignOperationsContext {
    return { db: this.database.db, client: this.env.client, config: this.config };
  }

  async teardown(): Promise<void> {
    this.worker.shutdown();
    await this.running.catch(() => undefined);
    await Promise.allSettled([this.env.teardown(), this.channels.close()]);
    await this.database.close();
  }
}

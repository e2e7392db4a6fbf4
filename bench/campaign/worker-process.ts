/**
 * The bench's worker process: owns the database (seeding, the campaign row) and runs the Temporal worker with the
 * real campaign activities and in-process fake providers, sampling its own memory. Driven over IPC by
 * bench/campaign.ts, so the peak it reports is the worker's alone.
 */
import { randomBytes } from 'node:crypto';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { sql } from 'kysely';
import { createActivities } from '../../activities';
import { loadConfig } from '../../config/load';
import { connect, type DatabaseHandle } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { createCampaign } from '../../db/repositories/campaigns';
import type { CampaignDefinition } from '../../domain/campaign/definition';
import { CATALOGS } from '../../templates';
import { fakeChannels } from './fake-channels';
import { MemorySampler } from './memory-sampler';
import { seedCustomers } from './seed';
import { deriveServiceKeys } from '../../security/keys';

export interface SetupMessage {
  readonly type: 'setup';
  readonly recipients: number;
  readonly definition: CampaignDefinition;
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly at: string;
}

export type ChildReply =
  | { readonly type: 'ready'; readonly seedMs: number; readonly database: string }
  | {
      readonly type: 'memory';
      readonly rssMb: number;
      readonly heapMb: number;
      readonly heapAfterGcMb: number;
      readonly sent: number;
    }
  | { readonly type: 'error'; readonly message: string };

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

function main(): void {
  const sampler = new MemorySampler();
  const channels = fakeChannels();
  let handle: DatabaseHandle | undefined;
  let schema: string | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let connection: NativeConnection | undefined;
  const reply = (message: ChildReply) => process.send?.(message);

  process.on('message', (raw: SetupMessage | { type: 'report' } | { type: 'stop' }) => {
    void (async () => {
      try {
        if (raw.type === 'setup') {
          const started = Date.now();
          schema = process.env.DATABASE_URL ? `notify_bench_${randomBytes(4).toString('hex')}` : undefined;
          handle = await connect(
            process.env.DATABASE_URL
              ? { databaseUrl: process.env.DATABASE_URL, schema, maxConnections: 8 }
              : { inMemory: true },
          );
          await migrateToLatest(handle.db);
          const at = new Date(raw.at);
          await seedCustomers(handle.db, raw.recipients, new Date(at.getTime() - 86_400_000));
          const def = raw.definition;
          await createCampaign(handle.db, {
            id: def.id,
            name: def.name,
            template: 'campaign',
            messageClass: def.messageClass,
            channel: def.channel,
            definition: JSON.parse(JSON.stringify(def)) as Parameters<typeof createCampaign>[1]['definition'],
            dryRun: false,
            startsAt: null,
            at,
          });
          const config = loadConfig({ env: {} });
          const activities = createActivities({
            db: handle.db,
            sms: channels.sms,
            email: channels.email,
            providers: { sms: 'fake', email: 'fake' },
            policy: config.policy,
            catalogs: CATALOGS,
            shop: config.shop,
            links: {
              publicUrl: 'https://bench.example',
              keys: deriveServiceKeys('bench-secret-0123456789'),
              replyTtlMs: config.api.replyLinkTtlMs,
              unsubscribeTtlMs: config.api.unsubscribeLinkTtlMs,
            },
            alerts: { email: undefined, webhookUrl: undefined, locale: 'en' },
            clock: () => new Date(),
            fetch: globalThis.fetch,
          });
          // Warnings only: the worker's lifecycle lines would bury the figures.
          Runtime.install({ logger: new DefaultLogger('WARN') });
          connection = await NativeConnection.connect({ address: raw.address });
          worker = await Worker.create({
            connection,
            namespace: raw.namespace,
            taskQueue: raw.taskQueue,
            workflowsPath: require.resolve('../../workflows'),
            bundlerOptions: { logger: quiet },
            activities,
          } as Parameters<typeof Worker.create>[0]);
          running = worker.run();
          global.gc?.();
          sampler.reset();
          reply({ type: 'ready', seedMs: Date.now() - started, database: handle.location });
        } else if (raw.type === 'report') {
          const peaks = sampler.peaks();
          global.gc?.();
          reply({
            type: 'memory',
            ...peaks,
            heapAfterGcMb: process.memoryUsage().heapUsed / 2 ** 20,
            sent: channels.sent(),
          });
        } else {
          sampler.stop();
          worker?.shutdown();
          await running;
          await connection?.close();
          if (handle && schema) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
          await handle?.close();
          process.exit(0);
        }
      } catch (err) {
        reply({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
}

main();

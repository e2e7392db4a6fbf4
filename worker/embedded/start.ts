import path from 'node:path';
import { WorkflowClient } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startUnappliedSweep } from '../../api/ingest/reapply-unapplied';
import { createApiLogger } from '../../api/observability/logger';
import { buildApi } from '../../api/server';
import type { Config } from '../../config/config';
import { serviceKeys } from '../dependencies';
import { openWorker } from '../run-worker';
import { ensureDevIngestSecret } from './dev-ingest-secret';
import { localApiUrl, writeServiceFile } from './service-file';
import { chooseTemporal } from './temporal-server';

/**
 * `notify start` (`npm start`): everything on this machine with nothing to sign up for. Temporal is chosen (or
 * started); the worker and the HTTP API then share one database handle (embedded PGlite admits one process), until
 * Ctrl-C. A banner says what was chosen.
 */
export async function startEmbedded(configured: Config, log: (line: string) => void): Promise<void> {
  // The SDK's INFO log (webpack's bundle report, worker state changes) would bury the banner.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { config, ingestNote } = withIngestSecret(configured);
  const { address, namespace } = config.temporal;
  const temporal = await chooseTemporal(address, namespace, path.resolve(config.database.dataDir));
  try {
    const { worker, dependencies, client, close } = await openWorker(config);
    try {
      const api = buildApi({
        db: dependencies.database.db,
        workflows: new WorkflowClient({ connection: client, namespace }),
        config,
        logger: createApiLogger(),
        clock: () => new Date(),
        keys: serviceKeys(config),
      });
      const listening = await api.listen({ host: config.api.host, port: config.api.port });
      // Operator commands find the API here while this process holds embedded PGlite (client/service-link.ts).
      const [bound] = api.addresses();
      const removeServiceFile = writeServiceFile(config.database.dataDir, {
        pid: process.pid,
        apiUrl: bound && typeof bound === 'object' ? localApiUrl(bound) : listening,
      });
      const { sms, email } = dependencies.channels.chosen;
      log(
        [
          'notify is running:',
          `  Temporal  ${temporal.description}`,
          `  database  ${dependencies.database.location}`,
          `  SMS       ${sms === 'outbox' ? `outbox files under ${path.resolve(config.database.dataDir, 'outbox')}` : 'Twilio'}`,
          `  email     ${email === 'outbox' ? `outbox files under ${path.resolve(config.database.dataDir, 'outbox')}` : 'SMTP'}`,
          `  API       ${listening}${ingestNote}`,
          'Ctrl-C stops it.',
        ].join('\n'),
      );
      // Events recorded but never applied (the process was killed mid-request): applied now and every minute.
      const stopSweep = startUnappliedSweep(
        {
          db: dependencies.database.db,
          workflows: new WorkflowClient({ connection: client, namespace }),
          taskQueue: config.temporal.taskQueue,
          policy: config.policy,
          source: 'api',
        },
        log,
      );
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => worker.shutdown());
      try {
        await worker.run();
      } finally {
        stopSweep();
        removeServiceFile();
        await api.close();
      }
    } finally {
      await close();
    }
  } finally {
    await temporal.stop();
  }
}

/**
 * Development needs a secret to sign events with, and none is set on a fresh checkout: then one is generated once
 * and kept in the data directory, where `notify events send` finds it. NOTIFY_INGEST_SECRET, when set, wins.
 */
function withIngestSecret(config: Config): { config: Config; ingestNote: string } {
  if (config.api.ingestSecret) return { config, ingestNote: '' };
  const { secret, file, created } = ensureDevIngestSecret(config.database.dataDir);
  const api = Object.freeze({ ...config.api, ingestSecret: secret });
  return {
    config: Object.freeze({ ...config, api }),
    ingestNote:
      `\n            events are signed with the development secret ${created ? 'just generated in' : 'kept in'} ${file}` +
      '\n            (NOTIFY_INGEST_SECRET unset; `notify events send` uses the same file)',
  };
}

import path from 'node:path';
import { WorkflowClient } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { startUnappliedSweep } from '../../api/ingest/reapply-unapplied';
import { createApiLogger } from '../../api/observability/logger';
import { describeExposure } from '../../api/exposure';
import { buildApi } from '../../api/server';
import { serviceKeys } from '../dependencies';
import { openWorker } from '../run-worker';
import { scrubbingRuntimeLogger } from '../scrubbing-logger';
import { describeSecretOrigin, type ServiceConfig } from '../service-secret';
import { localApiUrl, writeServiceFile } from './service-file';
import { securedTemporal } from './secured-temporal';
import { chooseTemporal } from './temporal-server';

/**
 * `notify start` (`npm start`): everything on this machine with nothing to sign up for. Temporal is chosen (or
 * started); the worker and the HTTP API then share one database handle (embedded PGlite admits one process), until
 * Ctrl-C. A banner says what was chosen.
 */
export async function startEmbedded(
  { config, secretOrigin }: ServiceConfig,
  log: (line: string) => void,
): Promise<void> {
  // The SDK's INFO log (webpack's bundle report, worker state changes) would bury the banner.
  Runtime.install({ logger: scrubbingRuntimeLogger('WARN') });
  const secretNote = describeSecretOrigin(secretOrigin);
  const { address, namespace } = config.temporal;
  const temporal =
    (await securedTemporal(config.temporal)) ??
    (await chooseTemporal(address, namespace, path.resolve(config.database.dataDir), config.source));
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
          `  API       ${listening}`,
          `            ${describeExposure(config.api.host, config.api.metricsToken)}`,
          ...(secretNote ? [`            ${secretNote}`] : []),
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

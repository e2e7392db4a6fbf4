import { serviceKeys } from '../worker/dependencies';
import { describeSecretOrigin, type ServiceConfig } from '../worker/service-secret';
import { describeExposure } from './exposure';
import { openEdgeResources } from './edge-resources';
import { startUnappliedSweep } from './ingest/reapply-unapplied';
import { createApiLogger } from './observability/logger';
import { buildApi } from './server';

/** `notify api`: the edge against the configured Temporal and database, until SIGINT or SIGTERM. */
export async function runApi({ config, secretOrigin }: ServiceConfig, log: (line: string) => void): Promise<void> {
  const secretNote = describeSecretOrigin(secretOrigin);
  if (secretNote) log(`notify api: ${secretNote}`);
  if (!config.channels.sms.authToken) log('notify api: TWILIO_AUTH_TOKEN is not set; Twilio webhooks will get 403');
  const { workflows, database, close } = await openEdgeResources(config);
  try {
    const app = buildApi({
      db: database.db,
      workflows,
      config,
      logger: createApiLogger(),
      clock: () => new Date(),
      keys: serviceKeys(config),
    });
    const address = await app.listen({ host: config.api.host, port: config.api.port });
    log(`notify api: listening on ${address} (public URL ${config.api.publicUrl}), database ${database.location}`);
    log(`notify api: ${describeExposure(config.api.host, config.api.metricsToken)}`);
    // Events an earlier API process recorded but was killed before applying: applied at start-up and every minute.
    const stopSweep = startUnappliedSweep(
      { db: database.db, workflows, taskQueue: config.temporal.taskQueue, policy: config.policy, source: 'api' },
      (line) => log(`notify api: ${line}`),
    );
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    stopSweep();
    await app.close();
  } finally {
    await close();
  }
}

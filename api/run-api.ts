import path from 'node:path';
import { WorkflowClient } from '@temporalio/client';
import type { Config } from '../config/config';
import { connect } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { replyLinkSecret } from '../worker/dependencies';
import { createApiLogger } from './observability/logger';
import { buildApi } from './server';
import { connectToTemporal } from './temporal-connection';

/** `notify api`: the edge against the configured Temporal and database, until SIGINT or SIGTERM. */
export async function runApi(config: Config, log: (line: string) => void): Promise<void> {
  if (!config.api.ingestSecret)
    log('notify api: NOTIFY_INGEST_SECRET is not set; /v1/events will refuse every request');
  if (!config.channels.sms.authToken) log('notify api: TWILIO_AUTH_TOKEN is not set; Twilio webhooks will get 403');
  // Temporal first: it is the one more likely to be missing, and failing on it needs no database start-up.
  const connection = await connectToTemporal(config.temporal.address);
  const database = await connect({
    databaseUrl: config.database.url,
    dataDir: path.resolve(config.database.dataDir),
  }).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  try {
    await migrateToLatest(database.db);
    const workflows = new WorkflowClient({ connection, namespace: config.temporal.namespace });
    const app = buildApi({
      db: database.db,
      workflows,
      config,
      logger: createApiLogger(),
      clock: () => new Date(),
      replyLinkSecret: replyLinkSecret(config),
    });
    const address = await app.listen({ host: config.api.host, port: config.api.port });
    log(`notify api: listening on ${address} (public URL ${config.api.publicUrl}), database ${database.location}`);
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    await app.close();
  } finally {
    await connection.close();
    await database.close();
  }
}

import { Client } from '@temporalio/client';
import type { CampaignOperationsContext } from '../campaign/operations';
import type { Config } from '../../config/config';
import { connectClient } from '../../temporal/connect';
import { withDatabaseOrService } from '../service-link';
import { databaseHeldBy, remoteCampaignOperations } from './remote-operations';
import type { CampaignOperations } from './run-command';

/**
 * The operations and their context for one command: the database always, a Temporal client only for the commands
 * that signal, start or query the workflow, so `create --dry-run` and `list` work with Temporal down. While
 * `notify start` holds embedded PGlite, the same operations run in that process, through its API.
 */
export async function withCampaignBackend<T>(
  config: Config,
  needs: { readonly temporal: boolean },
  ops: CampaignOperations,
  work: (ops: CampaignOperations, ctx: CampaignOperationsContext) => Promise<T>,
): Promise<T> {
  return withDatabaseOrService(
    config,
    ({ db }) => withCampaignContext(db, config, needs, (ctx) => work(ops, ctx)),
    (link) => work(remoteCampaignOperations(link, ops), { db: databaseHeldBy(link), config }),
  );
}

async function withCampaignContext<T>(
  db: CampaignOperationsContext['db'],
  config: Config,
  needs: { readonly temporal: boolean },
  work: (ctx: CampaignOperationsContext) => Promise<T>,
): Promise<T> {
  if (!needs.temporal) return work({ db, config });
  const connection = await connectClient(config.temporal);
  try {
    return await work({ db, config, client: new Client({ connection, namespace: config.temporal.namespace }) });
  } finally {
    await connection.close();
  }
}

import { Client, Connection } from '@temporalio/client';
import type { CampaignOperationsContext } from '../campaign/operations';
import type { Config } from '../../config/config';
import { withDatabase } from '../database';

/**
 * The operations' context for one command: the database always, a Temporal client only for the commands that
 * signal, start or query the workflow, so `create --dry-run` and `list` work with Temporal down.
 */
export async function withCampaignContext<T>(
  config: Config,
  needs: { readonly temporal: boolean },
  work: (ctx: CampaignOperationsContext) => Promise<T>,
): Promise<T> {
  return withDatabase(config.database, async (db) => {
    if (!needs.temporal) return work({ db, config });
    const { address, namespace } = config.temporal;
    let connection: Connection;
    try {
      connection = await Connection.connect({ address, connectTimeout: 5_000 });
    } catch (err) {
      throw new Error(
        `cannot reach Temporal at ${address} (${err instanceof Error ? err.message : String(err)}); ` +
          'is it running? `notify start` brings one up',
        { cause: err },
      );
    }
    try {
      return await work({ db, config, client: new Client({ connection, namespace }) });
    } finally {
      await connection.close();
    }
  });
}

import path from 'node:path';
import { type Connection, WorkflowClient } from '@temporalio/client';
import type { Config } from '../config/config';
import { connect, type DatabaseHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { connectClient } from '../temporal/connect';

export interface EdgeResources {
  readonly connection: Connection;
  readonly workflows: WorkflowClient;
  readonly database: DatabaseHandle;
  readonly close: () => Promise<void>;
}

/**
 * What the edge (`notify api`, `notify events send --direct`) works with: a Temporal client and the migrated database.
 * Temporal first: it is the one more likely to be missing, and failing on it needs no database start-up.
 */
export async function openEdgeResources(config: Config): Promise<EdgeResources> {
  const connection = await connectClient(config.temporal);
  let database: DatabaseHandle | undefined;
  try {
    database = await connect({ databaseUrl: config.database.url, dataDir: path.resolve(config.database.dataDir) });
    await migrateToLatest(database.db);
  } catch (err) {
    await database?.close();
    await connection.close();
    throw err;
  }
  const opened = database;
  return {
    connection,
    workflows: new WorkflowClient({ connection, namespace: config.temporal.namespace }),
    database: opened,
    close: async () => {
      await connection.close();
      await opened.close();
    },
  };
}

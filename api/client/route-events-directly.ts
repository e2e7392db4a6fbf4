import path from 'node:path';
import { WorkflowClient } from '@temporalio/client';
import type { Config } from '../../config/config';
import { connect } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { formatFieldErrors, parseEvent } from '../../domain/events';
import { routeEvent } from '../ingest/route-event';
import { idOf, type JsonlLine, type LineReport } from './post-events';
import { connectToTemporal } from '../temporal-connection';

/** `notify events send --direct`: the same validation and routing as the API, in this process, with a Temporal client. */
export async function routeEventsDirectly(config: Config, lines: readonly JsonlLine[]): Promise<LineReport[]> {
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
    const deps = {
      db: database.db,
      workflows: new WorkflowClient({ connection, namespace: config.temporal.namespace }),
      taskQueue: config.temporal.taskQueue,
      policy: config.policy,
      source: 'cli',
    };
    const reports: LineReport[] = [];
    for (const { line, value } of lines) {
      const parsed = parseEvent(value);
      if (!parsed.ok) {
        reports.push({ line, id: idOf(value), status: 'rejected', detail: formatFieldErrors(parsed.errors) });
        continue;
      }
      const outcome = await routeEvent(deps, parsed.event, new Date());
      reports.push({
        line,
        id: parsed.event.id,
        status: outcome.status,
        ...(outcome.status === 'rejected' ? { detail: outcome.reason } : {}),
      });
    }
    return reports;
  } finally {
    await connection.close();
    await database.close();
  }
}

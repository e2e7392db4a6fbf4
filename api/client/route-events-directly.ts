import type { Config } from '../../config/config';
import { formatFieldErrors, parseEvent } from '../../domain/events';
import { openEdgeResources } from '../edge-resources';
import { routeEvent } from '../ingest/route-event';
import { idOf, type JsonlLine, type LineReport } from './post-events';

/** `notify events send --direct`: the same validation and routing as the API, in this process, with a Temporal client. */
export async function routeEventsDirectly(config: Config, lines: readonly JsonlLine[]): Promise<LineReport[]> {
  const { workflows, database, close } = await openEdgeResources(config);
  try {
    const deps = {
      db: database.db,
      workflows,
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
    await close();
  }
}

import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { outboxMetrics } from '../observability/outbox-metrics';
import { processMetrics } from '../observability/process-metrics';
import { formatExposition } from '../observability/prometheus-text';
import { metricsAuthorization } from './metrics-token';

const READINESS_TIMEOUT_MS = 2_000;

/** Liveness, readiness (database and Temporal answer) and the Prometheus scrape. */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  app.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));

  // Open to anyone who can reach the port (load balancers probe it), so the answer says only which dependency is
  // down and whether it timed out; what went wrong (addresses, users, driver messages) goes to the log.
  app.get('/readyz', async (request, reply) => {
    const [database, temporal] = await Promise.all([
      check(() => sql`select 1`.execute(deps.db)),
      check(() => deps.workflows.workflowService.getSystemInfo({})),
    ]);
    const ready = database.status === 'ok' && temporal.status === 'ok';
    if (!ready) request.log.warn({ database: database.detail, temporal: temporal.detail }, 'not ready');
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', database: database.status, temporal: temporal.status });
  });

  app.get('/metrics', { onRequest: metricsAuthorization(deps.config.api.metricsToken) }, async (request, reply) => {
    // A database that does not answer costs the outbox series, not the whole scrape: the edge's own counters and
    // the process gauges are what one looks at when the database is down.
    const outbox = await outboxMetrics(deps.db).catch((err: unknown) => {
      request.log.warn({ err: (err as Error).message }, 'outbox metrics unavailable');
      return [];
    });
    return reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(formatExposition([...metrics.families(), ...outbox, ...processMetrics()]));
  });
}

type Probe =
  { readonly status: 'ok'; readonly detail?: undefined } | { readonly status: string; readonly detail: string };

async function check(probe: () => Promise<unknown>): Promise<Probe> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    await Promise.race([
      probe(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`));
        }, READINESS_TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok' };
  } catch (err) {
    return {
      status: timedOut ? 'unavailable: timeout' : 'unavailable: error',
      detail: (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '',
    };
  } finally {
    clearTimeout(timer);
  }
}

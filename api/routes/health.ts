import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { outboxMetrics } from '../observability/outbox-metrics';
import { processMetrics } from '../observability/process-metrics';
import { formatExposition } from '../observability/prometheus-text';

const READINESS_TIMEOUT_MS = 2_000;

/** Liveness, readiness (database and Temporal answer) and the Prometheus scrape. */
export function registerHealthRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  app.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const [database, temporal] = await Promise.all([
      check(() => sql`select 1`.execute(deps.db)),
      check(() => deps.workflows.workflowService.getSystemInfo({})),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    if (!ready) request.log.warn({ database, temporal }, 'not ready');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', database, temporal });
  });

  app.get('/metrics', async (request, reply) => {
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

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)),
          READINESS_TIMEOUT_MS,
        );
      }),
    ]);
    return 'ok';
  } catch (err) {
    return `unavailable: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    clearTimeout(timer);
  }
}

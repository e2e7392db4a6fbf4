import type { FastifyInstance } from 'fastify';
import { entryFromRow } from '../../../client/outbox/entry';
import { listOutbox } from '../../../db/repositories/outbox-listing';
import type { ApiDeps } from '../../api-deps';

const MAX_LIMIT = 10_000;

/** `notify outbox` through the running service: outbox rows as the CLI shows them (contacts already masked). */
export function registerOutboxOperatorRoutes(app: FastifyInstance, deps: Pick<ApiDeps, 'db'>): void {
  app.get<{ Querystring: { limit?: string; customer?: string; since?: string } }>('/outbox', async (request, reply) => {
    const { limit, customer, since } = request.query;
    const rows = await listOutbox(deps.db, {
      limit: boundedLimit(limit),
      ...(customer === undefined ? {} : { customerId: customer }),
      ...(since === undefined ? {} : { since: instant(since) }),
    });
    return await reply.send({ entries: rows.map(entryFromRow) });
  });
}

function boundedLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new SyntaxError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

function instant(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new SyntaxError('since must be an ISO-8601 instant');
  return at;
}

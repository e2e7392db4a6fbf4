import type { FastifyInstance } from 'fastify';
import { type ContactView, entryFromRow } from '../../../client/outbox/entry';
import { listOutbox } from '../../../db/repositories/outbox-listing';
import type { ApiDeps } from '../../api-deps';

const MAX_LIMIT = 10_000;

/**
 * `notify outbox` through the running service: outbox rows as the CLI shows them, contacts masked unless the signed
 * query says `reveal=1` (`notify outbox --reveal`).
 */
export function registerOutboxOperatorRoutes(app: FastifyInstance, deps: Pick<ApiDeps, 'db'>): void {
  type Query = { limit?: string; customer?: string; since?: string; reveal?: string };
  app.get<{ Querystring: Query }>('/outbox', async (request, reply) => {
    const { limit, customer, since, reveal } = request.query;
    const contacts = contactView(reveal);
    const rows = await listOutbox(deps.db, {
      limit: boundedLimit(limit),
      ...(customer === undefined ? {} : { customerId: customer }),
      ...(since === undefined ? {} : { since: instant(since) }),
    });
    return await reply.send({ entries: rows.map((row) => entryFromRow(row, contacts)) });
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

function contactView(reveal: string | undefined): ContactView {
  if (reveal === undefined) return 'masked';
  if (reveal === '1') return 'revealed';
  throw new SyntaxError('reveal must be 1 when given');
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeBatch } from '../ingest/route-batch';
import { EVENT_TYPES, parseEventBatch } from '../../domain/events';
import type { FieldError, FieldWarning } from '../../domain/events';
import { verifyIngestSignature } from '../../security/ingest-signature';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';

export const EVENTS_PATH = '/v1/events';
export const SIGNATURE_HEADER = 'x-notify-signature';

export interface EventResult {
  readonly id: string | null;
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly errors?: readonly FieldError[];
  /** Optional fields dropped as unusable from an accepted event: `[{ field: 'data.phone', reason }]`. */
  readonly warnings?: readonly FieldWarning[];
}

/**
 * `POST /v1/events` (architecture.md 6.1, 8): the signature is checked over the raw body before anything is parsed;
 * then each event stands or falls alone, so the answer is 202 with one result per event in request order.
 */
export function registerEventRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  const { api, temporal, policy } = deps.config;
  const routerDeps = {
    db: deps.db,
    workflows: deps.workflows,
    taskQueue: temporal.taskQueue,
    policy,
    source: 'api',
    clock: deps.clock,
  };

  app.post(EVENTS_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = (status: number, body: unknown) => {
      metrics.ingestRequests.inc({ code: String(status) });
      return reply.code(status).send(body);
    };
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = request.headers[SIGNATURE_HEADER];
    // The current secret, and while NOTIFY_INGEST_SECRET_PREVIOUS is set, the one being rotated out.
    const verdict = verifyIngestSignature(
      typeof header === 'string' ? header : undefined,
      raw,
      deps.keys.ingest.accepted,
      deps.clock().getTime(),
      api.signatureToleranceMs,
    );
    if (!verdict.ok) {
      request.log.warn({ reason: verdict.reason }, 'event request refused: signature');
      return answer(401, { error: `signature ${verdict.reason}` });
    }

    let decoded: unknown;
    try {
      decoded = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(400, { error: 'body is not valid JSON' });
    }
    const items = asEventList(decoded);
    if (!items) return answer(400, { error: 'expected an event object or { "events": [ ... ] }' });
    const batch = parseEventBatch(items, api.maxEventsPerRequest);
    if (!batch.ok) return answer(400, { error: 'invalid event list', errors: batch.errors });

    const receivedAt = deps.clock();
    const valid = batch.results.flatMap((parsed) => (parsed.ok ? [parsed.event] : []));
    const routed = await routeBatch(routerDeps, valid, receivedAt);
    const results: EventResult[] = [];
    let next = 0;
    for (const [index, parsed] of batch.results.entries()) {
      if (!parsed.ok) {
        results.push({ id: idOf(items[index]), status: 'rejected', errors: parsed.errors });
        metrics.events.inc({ type: typeOf(items[index]), status: 'rejected' });
        continue;
      }
      const outcome = routed.outcomes[next++];
      if (!outcome) continue; // not applied: the request failed (below) and the sender retries it
      metrics.events.inc({ type: parsed.event.type, status: outcome.status });
      const { warnings } = parsed.event;
      results.push(
        outcome.status === 'rejected'
          ? { id: parsed.event.id, status: 'rejected', errors: [{ path: '', message: outcome.reason }] }
          : { id: parsed.event.id, status: outcome.status, ...(warnings ? { warnings } : {}) },
      );
    }
    if (!routed.ok) {
      // Not the sender's fault: 503 tells it to retry the request; events already accepted come back as duplicates.
      request.log.error({ err: routed.error }, 'events could not be applied');
      return answer(503, { error: 'temporarily unable to apply events; retry the request', results });
    }
    request.log.info(
      { events: results.map((r) => ({ id: r.id, status: r.status })) },
      `events: ${count(results, 'accepted')} accepted, ${count(results, 'duplicate')} duplicate, ` +
        `${count(results, 'rejected')} rejected`,
    );
    return answer(202, { results });
  });
}

/** One event, or `{ events: [...] }`; anything else is not an event request at all. */
function asEventList(decoded: unknown): unknown[] | undefined {
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) return undefined;
  const events = (decoded as { events?: unknown }).events;
  if (events !== undefined) return Array.isArray(events) ? events : undefined;
  return [decoded];
}

function idOf(item: unknown): string | null {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

/** Only known type names become metric labels, so a sender cannot blow up the series count. */
function typeOf(item: unknown): string {
  const type = (item as { type?: unknown } | null)?.type;
  return typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type) ? type : 'unknown';
}

function count(results: readonly EventResult[], status: EventResult['status']): number {
  return results.filter((r) => r.status === status).length;
}

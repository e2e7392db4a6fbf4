import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EdgeMetrics } from '../observability/edge-metrics';

/** A handler past its deadline is the service being slow (Temporal or the database): worth a retry a little later. */
const SLOW_HANDLER_RETRY_AFTER_S = 5;

/**
 * Answers a request still unanswered `timeoutMs` after it was routed:
 * - its body has not all arrived (a slow-loris sender, or a stalled one): 408 and the connection closed, so the
 *   trickle cannot hold the socket or a request slot any longer;
 * - it arrived but the handler has not answered: 503 with Retry-After. The handler's work is not cancelled (its
 *   Temporal and database calls carry their own deadlines) and keeps its in-flight slot until it returns
 *   (in-flight.ts); an ingest request answered so is retried by the sender, and events it had already applied come
 *   back as duplicates.
 * Fastify's own `handlerTimeout` answers 503 for both; telling the sender's fault from ours needs this.
 */
export function startRequestDeadline(
  request: FastifyRequest,
  reply: FastifyReply,
  timeoutMs: number,
  metrics: EdgeMetrics,
): void {
  const timer = setTimeout(() => {
    if (reply.sent || reply.raw.headersSent) return;
    if (!request.raw.complete) {
      metrics.refused.inc({ reason: 'body_timeout' });
      request.log.warn({ timeoutMs }, 'request body not received in time');
      void reply
        .code(408)
        .header('connection', 'close')
        .send({ error: `request body not received within ${timeoutMs} ms` });
      return;
    }
    metrics.refused.inc({ reason: 'handler_timeout' });
    request.log.warn({ timeoutMs }, 'request not answered in time');
    void reply
      .code(503)
      .header('retry-after', String(SLOW_HANDLER_RETRY_AFTER_S))
      .send({
        error: `request not handled within ${timeoutMs} ms; retry it`,
        retryAfterSeconds: SLOW_HANDLER_RETRY_AFTER_S,
      });
  }, timeoutMs);
  reply.raw.once('close', () => clearTimeout(timer));
}

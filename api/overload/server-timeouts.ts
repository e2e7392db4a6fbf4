import type { FastifyServerOptions } from 'fastify';

/** Past load balancers' usual 60 s idle timeout, so they close an idle connection first and never send into a close. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * Node's socket-level bounds for the HTTP server, from `api.requestTimeout` (T):
 * - `headersTimeout` T: a client trickling its headers is answered 408 and closed (it never reaches a route, so
 *   the request deadline of request-deadline.ts, which answers bodies and handlers at T, cannot see it).
 * - `requestTimeout` 2T: the backstop for a whole request. The request deadline answers first; this closes the
 *   connection of a body still trickling after its sender was answered (a refusal, a 408), which Node otherwise
 *   keeps reading to discard. Later than the deadline so the two never race to answer the same request.
 * - `connectionTimeout` 2T: a socket with no traffic at all that long is destroyed (a client that stopped reading).
 * - `keepAliveTimeout`: how long an idle keep-alive connection stays open between requests; it holds a socket,
 *   never a request slot.
 * Node checks these only every `connectionsCheckingInterval` (30 s by default); a quarter of T keeps the overshoot
 * small.
 */
export function serverTimeouts(requestTimeoutMs: number): Pick<
  FastifyServerOptions,
  'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout'
> & {
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    requestTimeout: 2 * requestTimeoutMs,
    connectionTimeout: 2 * requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.round(requestTimeoutMs / 4))),
    },
  };
}

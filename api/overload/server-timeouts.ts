import type { FastifyServerOptions } from 'fastify';

/** Past load balancers' usual 60 s idle timeout, so they close an idle connection first and never send into a close. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/**
 * Node's socket-level bounds for the HTTP server, from `api.requestTimeout`:
 * - `requestTimeout`: the whole request (headers and body) must arrive within it, or Node answers 408 and closes
 *   the connection: a client trickling its headers cannot hold a socket forever. (Bodies are also bounded, more
 *   precisely, by the request deadline in edge-guard.ts.)
 * - `connectionTimeout`: a socket with no traffic at all for twice that is destroyed (a client that stops reading
 *   its answer); twice, so it never races the request deadline's own answer.
 * - `keepAliveTimeout`: how long an idle keep-alive connection stays open between requests; it holds a socket, never
 *   a request slot.
 * Node checks `requestTimeout` only every `connectionsCheckingInterval` (30 s by default); checking at a quarter of
 * the timeout keeps the overshoot small.
 */
export function serverTimeouts(requestTimeoutMs: number): Pick<
  FastifyServerOptions,
  'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout'
> & {
  http: { connectionsCheckingInterval: number };
} {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: 2 * requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: { connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.round(requestTimeoutMs / 4))) },
  };
}

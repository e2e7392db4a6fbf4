import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `/metrics` behind `Authorization: Bearer <NOTIFY_METRICS_TOKEN>` (RFC 6750) when a token is configured: the scrape
 * shows message volumes, failure rates and the process's memory, which is nobody else's business once the API is
 * reachable beyond loopback. Without a token the route stays open, as Prometheus expects by default.
 */
export function metricsAuthorization(token: string | undefined) {
  // Compared as SHA-256 digests: equal lengths for timingSafeEqual, so neither the token's length nor its content
  // shows in the time an answer takes.
  const expected = token === undefined ? undefined : digest(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (expected === undefined) return undefined;
    const presented = bearerToken(request.headers.authorization);
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) return undefined;
    return reply
      .code(401)
      .header(
        'www-authenticate',
        presented === undefined
          ? 'Bearer realm="notify metrics"'
          : 'Bearer realm="notify metrics", error="invalid_token"',
      )
      .send({ error: 'metrics need Authorization: Bearer <NOTIFY_METRICS_TOKEN>' });
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer +(\S+) *$/i);
  return match?.[1];
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps';
import { registerBodyParsers } from './body-parsers';
import { EdgeMetrics } from './observability/edge-metrics';
import { guardTheEdge } from './overload/edge-guard';
import { serverTimeouts } from './overload/server-timeouts';
import { registerEventRoutes } from './routes/events';
import { registerHealthRoutes } from './routes/health';
import { registerOperatorRoutes } from './routes/operator';
import { registerReplyLinkRoutes } from './routes/reply-link';
import { registerTwilioRoutes } from './routes/twilio';
import { registerUnsubscribeRoutes } from './routes/unsubscribe';

/**
 * The HTTP edge (architecture.md 2, 8): signed event ingest, Twilio webhooks, reply links, health and metrics.
 * Returns the fastify instance unstarted, so tests can `inject` and the entry point can `listen`.
 */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const metrics = deps.metrics ?? new EdgeMetrics();
  const { api } = deps.config;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: api.bodyLimitBytes,
    ...serverTimeouts(api.requestTimeoutMs),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // Behind a proxy, the client's address (and so its rate budget) comes from X-Forwarded-For, from listed proxies only.
    trustProxy: api.trustedProxies.length > 0 ? [...api.trustedProxies] : false,
    // Twilio signs the URL exactly as configured; no rewriting of trailing slashes or case.
    // Reply-link tokens (a signed prompt key) are longer than the default 100-character path parameter.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 1024 },
  }) as unknown as FastifyInstance;
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // First: its hooks must be in place before any route is registered.
  guardTheEdge(app, {
    bodyLimitBytes: api.bodyLimitBytes,
    maxRequestsInFlight: api.maxRequestsInFlight,
    rateLimitPerMinute: api.rateLimitPerMinute,
    webhookRateLimitPerMinute: api.webhookRateLimitPerMinute,
    requestTimeoutMs: api.requestTimeoutMs,
    metrics,
  });
  registerBodyParsers(app);
  registerEventRoutes(app, deps, metrics);
  registerTwilioRoutes(app, deps, metrics);
  registerReplyLinkRoutes(app, deps, metrics);
  registerUnsubscribeRoutes(app, deps, metrics);
  registerHealthRoutes(app, deps, metrics);
  registerOperatorRoutes(app, deps);
  return app;
}

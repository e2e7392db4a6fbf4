import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { OPERATOR_PREFIX } from '../routes/operator/operator-signature';
import { InFlightRequests, type Slot } from './in-flight';
import { startRequestDeadline } from './request-deadline';

export interface EdgeGuardOptions {
  readonly bodyLimitBytes: number;
  readonly maxRequestsInFlight: number;
  readonly rateLimitPerMinute: number;
  readonly webhookRateLimitPerMinute: number;
  readonly requestTimeoutMs: number;
  readonly metrics: EdgeMetrics;
}

/** Probes and the scrape answer even while the edge sheds load, or an orchestrator restarts a service that is busy. */
const UNGUARDED_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);
const RATE_WINDOW_MS = 60_000;
/** Twilio's webhooks: a budget of their own, counted apart from the source's other requests. */
const WEBHOOK_PREFIX = '/v1/twilio/';
/** A full in-flight cap is a moment's spike: one second is enough to find a free slot or another instance. */
const OVERLOADED_RETRY_AFTER_S = 1;

/**
 * Load shedding at the edge, before a body is read: a per-source rate limit (429), a declared body over the limit
 * (413), a cap on requests in flight (503), refusals with Retry-After, and a deadline on every request
 * (request-deadline.ts). Call before any route is registered: its hook is added once the rate-limit plugin has
 * loaded, and fastify applies hooks to the routes registered after them.
 *
 * Rate limited: every route but the probes and the operator routes (signed with the operator key and driven by the
 * operator's own CLI, which pages through lists; the in-flight cap still covers them). Loopback is not exempt: tests
 * and benchmarks that post many requests raise `api.rateLimitPerMinute` in their configuration instead.
 */
export function guardTheEdge(app: FastifyInstance, options: EdgeGuardOptions): void {
  const { metrics } = options;
  const inFlight = new InFlightRequests(options.maxRequestsInFlight);
  metrics.inFlight.track(() => inFlight.count);
  // The in-memory store counts per process: with several API processes behind a balancer each enforces its own
  // budget, so a source gets up to N times the limit (a shared store such as Redis would pool them). The key is the
  // client's address: the socket's peer, or X-Forwarded-For when the peer is one of `api.trustedProxies`.
  void app.register(fastifyRateLimit, { global: false, max: options.rateLimitPerMinute, timeWindow: RATE_WINDOW_MS });
  const slots = new WeakMap<FastifyRequest, Slot>();
  holdSlotsWhileHandlersRun(app, slots);
  app.after((err) => {
    if (err) throw err;
    const overBudget = app.createRateLimit();
    const overWebhookBudget = app.createRateLimit({
      max: options.webhookRateLimitPerMinute,
      keyGenerator: (request) => `webhook:${request.ip}`,
    });
    app.addHook('onRequest', async (request, reply) => {
      const route = request.routeOptions.url;
      if (route === undefined || !UNGUARDED_ROUTES.has(route)) {
        if (!route?.startsWith(OPERATOR_PREFIX)) {
          const webhook = route?.startsWith(WEBHOOK_PREFIX) === true;
          const verdict = await (webhook ? overWebhookBudget : overBudget)(request);
          if (!verdict.isAllowed && verdict.isExceeded) {
            const budget = webhook ? options.webhookRateLimitPerMinute : options.rateLimitPerMinute;
            return refuse(reply, metrics, {
              status: 429,
              reason: 'rate_limited',
              error: `rate limit exceeded: at most ${budget} ${webhook ? 'webhook ' : ''}requests a minute from one address`,
              retryAfterSeconds: verdict.ttlInSeconds,
            });
          }
        }
        // Refused here rather than by fastify's body parser, which closes the connection as it answers: a sender
        // still writing its body then gets a reset instead of the 413. Left open, Node reads the rest and discards
        // it (server-timeouts.ts bounds for how long), and the sender reads its answer.
        if (Number(request.headers['content-length'] ?? 0) > options.bodyLimitBytes) {
          return refuse(reply, metrics, {
            status: 413,
            reason: 'body_too_large',
            error: `request body over the limit of ${options.bodyLimitBytes} bytes`,
          });
        }
        const slot = inFlight.tryEnter();
        if (!slot) {
          return refuse(reply, metrics, {
            status: 503,
            reason: 'overloaded',
            error: 'too many requests in flight; retry shortly',
            retryAfterSeconds: OVERLOADED_RETRY_AFTER_S,
          });
        }
        slots.set(request, slot);
        // 'close' comes once, whether the answer finished or the client went away first.
        reply.raw.once('close', () => slot.answerDone());
      }
      startRequestDeadline(request, reply, options.requestTimeoutMs, metrics);
      return undefined;
    });
  });
  countOtherRefusals(app, metrics);
}

/** Wraps every route's handler so that a request's slot stays taken until its handler has returned. */
function holdSlotsWhileHandlersRun(app: FastifyInstance, slots: WeakMap<FastifyRequest, Slot>): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = async function (this: FastifyInstance, request, reply) {
      const slot = slots.get(request);
      slot?.handlerStarted();
      try {
        return await handler.call(this, request, reply);
      } finally {
        slot?.handlerReturned();
      }
    };
  });
}

interface Refusal {
  readonly status: number;
  /** The `reason` label of `notify_http_refused_total`. */
  readonly reason: string;
  readonly error: string;
  /** When retrying makes sense, how soon: sent as Retry-After and in the body. */
  readonly retryAfterSeconds?: number;
}

function refuse(reply: FastifyReply, metrics: EdgeMetrics, refusal: Refusal): FastifyReply {
  metrics.refused.inc({ reason: refusal.reason });
  if (refusal.retryAfterSeconds === undefined) return reply.code(refusal.status).send({ error: refusal.error });
  const retryAfterSeconds = Math.max(1, refusal.retryAfterSeconds);
  return reply
    .code(refusal.status)
    .header('retry-after', String(retryAfterSeconds))
    .send({ error: refusal.error, retryAfterSeconds });
}

/**
 * The refusals fastify and Node make themselves: a body over the limit without a Content-Length (413, found while
 * reading it), requests too slow to arrive (408).
 */
function countOtherRefusals(app: FastifyInstance, metrics: EdgeMetrics): void {
  app.addHook('onError', async (_request: FastifyRequest, _reply: FastifyReply, error: { code?: string }) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') metrics.refused.inc({ reason: 'body_too_large' });
  });
  app.server.on('clientError', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') metrics.refused.inc({ reason: 'request_timeout' });
  });
}

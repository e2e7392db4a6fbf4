import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { confirmationPage } from '../reply-link/confirmation-page';
import { recordLinkChoice } from '../reply-link/record-link-choice';
import { sendPage } from './send-page';

export const REPLY_LINK_PATH = '/v1/reply/:token';

/** `GET /v1/reply/<token>?choice=N`: the option links in email prompts. */
export function registerReplyLinkRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  app.get<{ Params: { token: string }; Querystring: { choice?: string } }>(REPLY_LINK_PATH, async (request, reply) => {
    const outcome = await recordLinkChoice(
      { db: deps.db, workflows: deps.workflows, keys: deps.keys.replyLinks },
      request.params.token,
      typeof request.query.choice === 'string' ? request.query.choice : undefined,
      deps.clock(),
    );
    metrics.inbound.inc({ kind: 'reply_link', outcome: outcome.status });
    if (outcome.status === 'recorded') metrics.replies.inc({ option: String(outcome.choice) });
    request.log.info({ outcome: outcome.status }, 'reply link');
    return sendPage(reply, confirmationPage(outcome));
  });
}

import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { checkLinkChoice } from '../reply-link/check-link-choice';
import { confirmationPage } from '../reply-link/confirmation-page';
import { recordLinkChoice } from '../reply-link/record-link-choice';
import { sendPage } from './send-page';

export const REPLY_LINK_PATH = '/v1/reply/:token';

interface ReplyLinkRoute {
  Params: { token: string };
  Querystring: { choice?: string };
  Body: Record<string, string> | undefined;
}

/**
 * The option links in email prompts. `GET /v1/reply/<token>?choice=N` (a person clicking, or a mail scanner
 * pre-fetching) changes nothing: it answers a page whose button posts the choice back. `POST /v1/reply/<token>` with
 * `choice=N` in the form body records it, once.
 */
export function registerReplyLinkRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  const linkDeps = { db: deps.db, workflows: deps.workflows, keys: deps.keys.replyLinks };
  app.get<ReplyLinkRoute>(REPLY_LINK_PATH, async (request, reply) => {
    const choice = typeof request.query.choice === 'string' ? request.query.choice : undefined;
    const check = await checkLinkChoice(linkDeps, request.params.token, choice, deps.clock());
    metrics.inbound.inc({ kind: 'reply_link_page', outcome: check.status });
    request.log.info({ outcome: check.status }, 'reply link page');
    return sendPage(reply, confirmationPage(check));
  });
  app.post<ReplyLinkRoute>(REPLY_LINK_PATH, async (request, reply) => {
    const choice = typeof request.body?.choice === 'string' ? request.body.choice : undefined;
    const outcome = await recordLinkChoice(linkDeps, request.params.token, choice, deps.clock());
    metrics.inbound.inc({ kind: 'reply_link', outcome: outcome.status });
    if (outcome.status === 'recorded') metrics.replies.inc({ option: String(outcome.choice) });
    request.log.info({ outcome: outcome.status }, 'reply link');
    return sendPage(reply, confirmationPage(outcome));
  });
}

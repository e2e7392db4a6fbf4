import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { checkUnsubscribe, recordUnsubscribe } from '../unsubscribe/record-unsubscribe';
import { unsubscribePage } from '../unsubscribe/unsubscribe-page';
import { sendPage } from './send-page';

export const UNSUBSCRIBE_PATH = '/v1/unsubscribe/:token';

type UnsubscribeRequest = FastifyRequest<{ Params: { token: string } }>;

/**
 * The List-Unsubscribe link of marketing email. `GET` (a person clicking it, or a link scanner) changes nothing: it
 * answers a page in the customer's language with a button that posts back. `POST` (that button, or the mail client's
 * RFC 8058 one-click with `List-Unsubscribe=One-Click`) records the email opt-out once and answers 200. A link that
 * does not verify answers 400, an expired one 410, and neither records anything.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  const handle = async (request: UnsubscribeRequest, reply: FastifyReply, via: 'page' | 'one_click') => {
    const linkDeps = { db: deps.db, keys: deps.keys.unsubscribeLinks };
    const outcome =
      via === 'page'
        ? await checkUnsubscribe(linkDeps, request.params.token, deps.clock())
        : await recordUnsubscribe(linkDeps, request.params.token, deps.clock());
    metrics.inbound.inc({ kind: `unsubscribe_${via}`, outcome: outcome.status });
    request.log.info({ outcome: outcome.status, via }, 'unsubscribe link');
    return sendPage(reply, unsubscribePage(outcome));
  };
  // A scope of its own: RFC 8058 lets mail clients post multipart/form-data too, which no other route accepts.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (_req, body, parsed) => {
      parsed(null, body);
    });
    scope.get<{ Params: { token: string } }>(UNSUBSCRIBE_PATH, (request, reply) => handle(request, reply, 'page'));
    // The body (`List-Unsubscribe=One-Click`) only says which RFC 8058 action this is; the sealed token decides.
    scope.post<{ Params: { token: string } }>(UNSUBSCRIBE_PATH, (request, reply) =>
      handle(request, reply, 'one_click'),
    );
    done();
  });
}

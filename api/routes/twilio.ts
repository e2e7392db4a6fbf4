import type { FastifyInstance } from 'fastify';
import { keyFromStatusCallbackUrl, STATUS_CALLBACK_PATH } from '../../channels/twilio';
import { recordDeliveryEvent } from '../../db/repositories/delivery-events';
import { foldDeliveryStatus } from '../../db/repositories/outbox';
import type { ApiDeps } from '../api-deps';
import type { EdgeMetrics } from '../observability/edge-metrics';
import { maskPhone } from '../observability/mask';
import { handleInboundSms } from '../twilio/handle-inbound';
import { learnFromDeliveryFailure } from '../twilio/learn-from-failure';
import { startRedelivery } from '../twilio/start-redelivery';
import { deliveryStatusOf } from '../twilio/status-words';
import { twimlMessage } from '../twilio/twiml';
import { twilioSignatureGuard } from '../twilio/verify-twilio-request';

export const INBOUND_PATH = '/v1/twilio/inbound';
export { STATUS_CALLBACK_PATH };

const TWILIO_PROVIDER = 'twilio';

/** Twilio's two webhooks: customers' messages to us, and delivery status of ours. Both Twilio-signed or 403. */
export function registerTwilioRoutes(app: FastifyInstance, deps: ApiDeps, metrics: EdgeMetrics): void {
  const guard = (route: string) =>
    twilioSignatureGuard({
      publicUrl: deps.config.api.publicUrl,
      authToken: deps.config.channels.sms.authToken,
      metrics,
      route,
    });

  app.post(INBOUND_PATH, { preHandler: guard('inbound') }, async (request, reply) => {
    const form = request.body as Record<string, string>;
    const from = form.From ?? '';
    const handled = await handleInboundSms(deps, {
      provider: TWILIO_PROVIDER,
      providerMessageId: form.MessageSid ?? form.SmsSid ?? null,
      from,
      to: form.To ?? '',
      body: form.Body ?? '',
      receivedAt: deps.clock(),
    });
    metrics.inbound.inc({ kind: handled.kind, outcome: handled.outcome });
    if (handled.outcome === 'routed') metrics.replies.inc({ option: String(handled.choice ?? 'unrecognised') });
    request.log.info(
      { from: maskPhone(from), kind: handled.kind, outcome: handled.outcome, workflowId: handled.workflowId },
      'inbound sms',
    );
    return reply.type('text/xml').send(twimlMessage(handled.answer));
  });

  app.post(STATUS_CALLBACK_PATH, { preHandler: guard('status') }, async (request, reply) => {
    const form = request.body as Record<string, string>;
    const sid = form.MessageSid ?? form.SmsSid;
    const word = form.MessageStatus ?? form.SmsStatus;
    const status = deliveryStatusOf(word);
    if (!sid || !status) {
      metrics.statusCallbacks.inc({ status: word ?? 'none', outcome: 'ignored' });
      return reply.code(204).send();
    }
    const key = keyFromStatusCallbackUrl(request.url) ?? null;
    const at = deps.clock();
    const errorCode = form.ErrorCode ? form.ErrorCode : null;
    const { isNew } = await recordDeliveryEvent(deps.db, {
      provider: TWILIO_PROVIDER,
      providerMessageId: sid,
      notificationKey: key,
      status,
      errorCode,
      payload: { MessageStatus: word ?? null, ErrorCode: errorCode },
      receivedAt: at,
    });
    // Folded even when the event was a duplicate: a fold is idempotent, and the first copy may have been recorded by
    // a request that died before folding.
    const folded = await foldDeliveryStatus(
      deps.db,
      key ? { idempotencyKey: key } : { provider: TWILIO_PROVIDER, providerMessageId: sid },
      { status, errorCode, at },
    );
    // Only the report that moved the row to its failure teaches about the recipient, so a retried callback does not
    // record the same opt-out twice.
    const lesson =
      folded.applied && folded.notification
        ? await learnFromDeliveryFailure(deps.db, folded.notification, errorCode, at)
        : 'none';
    // A failure after acceptance gets the message class's second chance (email, or one SMS later; see
    // domain/after-acceptance.ts), once per message whatever number of reports say so.
    const redelivery = await startRedelivery(deps.workflows, deps.config.temporal.taskQueue, folded.notification);
    const outcome = !isNew ? 'duplicate' : folded.applied ? 'applied' : folded.notification ? 'stale' : 'unknown';
    metrics.statusCallbacks.inc({ status, outcome });
    request.log.info({ messageSid: sid, notificationKey: key, status, outcome, lesson, redelivery }, 'status callback');
    return reply.code(204).send();
  });
}

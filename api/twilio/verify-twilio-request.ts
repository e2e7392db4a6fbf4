import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { EdgeMetrics } from '../observability/edge-metrics';

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';

/**
 * Twilio signs the URL it called (our configured public URL + path and query) and the form parameters with the
 * account's auth token. A request that fails is answered 403 before any handler runs, so it can never signal.
 */
export function twilioSignatureGuard(options: {
  readonly publicUrl: string;
  readonly authToken: string | undefined;
  readonly metrics: EdgeMetrics;
  readonly route: string;
}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const signature = request.headers[TWILIO_SIGNATURE_HEADER];
    const params = isStringMap(request.body) ? request.body : undefined;
    const url = `${options.publicUrl}${request.url}`;
    const valid =
      options.authToken !== undefined &&
      typeof signature === 'string' &&
      params !== undefined &&
      validateRequest(options.authToken, signature, url, params);
    if (valid) return;
    options.metrics.webhookRejections.inc({ route: options.route });
    request.log.warn({ reason: typeof signature === 'string' ? 'mismatch' : 'missing' }, 'twilio webhook refused');
    await reply.code(403).type('text/plain').send('forbidden');
  };
}

export function isStringMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Buffer.isBuffer(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

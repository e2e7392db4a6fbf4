import type { FastifyInstance } from 'fastify';

/**
 * `/v1/events` signatures are over the raw bytes, so JSON is kept as a Buffer and decoded by the route only after the
 * signature holds. Twilio posts `application/x-www-form-urlencoded`, decoded into a plain string map (the shape
 * `validateRequest` signs).
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body as string)) params[key] = value;
    done(null, params);
  });
}

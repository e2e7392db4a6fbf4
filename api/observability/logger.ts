import pino, { type DestinationStream, type Logger } from 'pino';
import { maskLinkTokens } from './mask-link-tokens';
import { scrubLogLine } from './scrub-log-line';

/** What a request line says about the request: never headers (signatures) nor the body. */
interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly id?: string;
}

/**
 * The edge's pino logger. Handlers log ids and masked addresses only; as a second line of defence the fields that
 * could carry a secret or a message body are censored wherever they appear, and every written line is scrubbed of
 * link tokens, email addresses and phone numbers (scrub-log-line.ts).
 */
export function createApiLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'notify-api' },
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, url: req.url ? maskLinkTokens(req.url) : undefined }),
      },
      // The last step before a line is written, so it also covers messages fastify composes itself (404s, errors).
      hooks: { streamWrite: scrubLogLine },
      redact: {
        paths: ['headers', 'body', 'Body', 'secret', 'authToken', 'signature'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

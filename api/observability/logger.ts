import pino, { type DestinationStream, type Logger } from 'pino';

/** What a request line says about the request: never headers (signatures) nor the body. */
interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly id?: string;
}

/**
 * The edge's pino logger. Handlers log ids and masked addresses only; as a second line of defence the fields that
 * could carry a secret or a message body are censored wherever they appear.
 */
export function createApiLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'notify-api' },
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, url: req.url ? maskReplyToken(req.url) : undefined }),
      },
      redact: {
        paths: ['headers', 'body', 'Body', 'secret', 'authToken', 'signature'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** Reply-link tokens act as one-time capabilities; the log keeps the path shape, not the token. */
export function maskReplyToken(url: string): string {
  return url.replace(/^(\/v1\/reply\/)[^/?]+/, '$1[token]');
}

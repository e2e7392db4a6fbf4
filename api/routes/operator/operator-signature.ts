import { signIngestBody } from '../../../security/ingest-signature';

/**
 * Operator calls are signed with the ingest secret and the same `X-Notify-Signature` header as `/v1/events`, but
 * over the method, the path with its query, and the body: a GET has no body to sign, and a signed optout must not
 * be replayable as an optin (the two bodies are alike).
 */
export const OPERATOR_PREFIX = '/v1/operator';

export function operatorSigningPayload(method: string, pathAndQuery: string, body: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${method.toUpperCase()} ${pathAndQuery}\n`, 'utf8'), Buffer.from(body)]);
}

export function signOperatorRequest(
  secret: string,
  request: { readonly method: string; readonly pathAndQuery: string; readonly body: string },
  timestampSec: number,
): string {
  return signIngestBody(
    secret,
    operatorSigningPayload(request.method, request.pathAndQuery, request.body),
    timestampSec,
  );
}

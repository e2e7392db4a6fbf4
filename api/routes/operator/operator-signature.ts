import { signIngestBody } from '../../../security/ingest-signature';
import type { KeyRing } from '../../../security/keys';

/**
 * Operator calls carry the same `X-Notify-Signature` header as `/v1/events`, made with the operator key (ServiceKeys
 * `operator`: HKDF of the ingest secret, which the CLI holds too), over the method, the path with its query, and the
 * body: a GET has no body to sign, and a signed optout must not be replayable as an optin (the two bodies are alike).
 */
export const OPERATOR_PREFIX = '/v1/operator';

export function operatorSigningPayload(method: string, pathAndQuery: string, body: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${method.toUpperCase()} ${pathAndQuery}\n`, 'utf8'), Buffer.from(body)]);
}

/** Signs with the operator ring's current key: the previous secret is for verifying only. */
export function signOperatorRequest(
  operatorKeys: KeyRing,
  request: { readonly method: string; readonly pathAndQuery: string; readonly body: string },
  timestampSec: number,
): string {
  return signIngestBody(
    operatorKeys.current,
    operatorSigningPayload(request.method, request.pathAndQuery, request.body),
    timestampSec,
  );
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyIngestSignature } from '../../../security/ingest-signature';
import type { ApiDeps } from '../../api-deps';
import { SIGNATURE_HEADER } from '../events';
import { operatorSigningPayload } from './operator-signature';

/**
 * Refuses every operator call (401) unless it carries a valid signature made with the operator key (derived from
 * the ingest secret under its own label, so an event signature is never an operator signature); while
 * NOTIFY_INGEST_SECRET_PREVIOUS is set, the previous secret's operator key is accepted too. Runs before any body is
 * decoded.
 */
export function operatorAuthentication(deps: Pick<ApiDeps, 'config' | 'clock' | 'keys'>) {
  const { api } = deps.config;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const header = request.headers[SIGNATURE_HEADER];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verdict = verifyIngestSignature(
      typeof header === 'string' ? header : undefined,
      operatorSigningPayload(request.method, request.url, body),
      deps.keys.operator.accepted,
      deps.clock().getTime(),
      api.signatureToleranceMs,
    );
    if (!verdict.ok) {
      request.log.warn({ reason: verdict.reason }, 'operator request refused: signature');
      return reply.code(401).send({ error: `signature ${verdict.reason}` });
    }
    return undefined;
  };
}

/** The JSON body of an authenticated request; `{}` when there is none. Throws a 400-worthy error otherwise. */
export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const raw = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
  if (raw.trim() === '') return {};
  const decoded: unknown = JSON.parse(raw);
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw new SyntaxError('expected a JSON object');
  }
  return decoded as Record<string, unknown>;
}

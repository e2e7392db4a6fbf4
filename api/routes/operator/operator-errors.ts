import type { FastifyReply } from 'fastify';
import { CampaignOperationError } from '../../../client/campaign/operations';
import { OptChangeError } from '../../../client/customers/opt-change';

/**
 * The wire form of an operator mistake, so the CLI on the other end rebuilds the same error and prints the same
 * line with the same exit code as when it opened the database itself. Anything else is a 500.
 */
export interface OperatorErrorBody {
  readonly error: string;
  readonly kind?: 'campaign' | 'opt_change' | 'request';
  readonly code?: CampaignOperationError['code'];
}

const CAMPAIGN_STATUS: Readonly<Record<CampaignOperationError['code'], number>> = {
  invalid_definition: 400,
  not_found: 404,
  not_started: 409,
  no_temporal: 503,
};

export function sendOperatorError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof CampaignOperationError) {
    const body: OperatorErrorBody = { error: err.message, kind: 'campaign', code: err.code };
    return reply.code(CAMPAIGN_STATUS[err.code]).send(body);
  }
  if (err instanceof OptChangeError) {
    const body: OperatorErrorBody = { error: err.message, kind: 'opt_change' };
    return reply.code(422).send(body);
  }
  if (err instanceof SyntaxError) {
    const body: OperatorErrorBody = { error: `invalid request: ${err.message}`, kind: 'request' };
    return reply.code(400).send(body);
  }
  throw err;
}

import type { FastifyInstance } from 'fastify';
import { changeCustomerOpt, OPT_CHANNELS } from '../../../client/customers/opt-change';
import type { OptChannel } from '../../../db/repositories/consent';
import type { ApiDeps } from '../../api-deps';
import { jsonBody } from './authenticate';

/** `notify customer optout|optin` through the running service: the same ledger change, source `cli`. */
export function registerCustomerOperatorRoutes(app: FastifyInstance, deps: Pick<ApiDeps, 'db' | 'clock'>): void {
  for (const [segment, change] of [
    ['optout', 'opt_out'],
    ['optin', 'opt_in'],
  ] as const) {
    app.post<{ Params: { id: string } }>(`/customers/:id/${segment}`, async (request, reply) => {
      const body = jsonBody(request);
      const states = await changeCustomerOpt(deps.db, {
        customerId: request.params.id,
        change,
        ...optionalChannel(body.channel),
        ...(typeof body.reason === 'string' ? { reason: body.reason } : {}),
        at: deps.clock(),
      });
      return await reply.send({ customerId: request.params.id, channels: states });
    });
  }
}

function optionalChannel(value: unknown): { channel?: OptChannel } {
  if (value === undefined || value === null) return {};
  if (!(OPT_CHANNELS as readonly unknown[]).includes(value)) throw new SyntaxError('channel must be sms or email');
  return { channel: value as OptChannel };
}

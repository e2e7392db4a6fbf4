import { ServiceCallError, type ServiceLink } from '../service-link';
import { type ChannelOptState, OptChangeError, type OptRequest } from './opt-change';

/**
 * `changeCustomerOpt` performed by the running `notify start` (api/routes/operator/customers.ts): the same ledger
 * change and the same answer, and an unknown customer or missing address is the same OptChangeError.
 */
export async function changeCustomerOptViaService(
  link: ServiceLink,
  request: Omit<OptRequest, 'at'>,
): Promise<ChannelOptState[]> {
  const segment = request.change === 'opt_out' ? 'optout' : 'optin';
  try {
    const answer = await link.call<{ channels: ChannelOptState[] }>(
      'POST',
      `/customers/${encodeURIComponent(request.customerId)}/${segment}`,
      { channel: request.channel, reason: request.reason },
    );
    return answer.channels;
  } catch (err) {
    if (err instanceof ServiceCallError && err.body.kind === 'opt_change') throw new OptChangeError(err.message);
    throw err;
  }
}

import { maskAddress } from '../../api/observability/mask';
import type { DbOrTransaction } from '../../db/database';
import { type OptChannel, latestOptChange, recordOptIn, recordOptOut } from '../../db/repositories/consent';
import { getCustomer } from '../../db/repositories/customers';
import { inTransaction } from '../../db/repositories/in-transaction';
import type { CustomerRow } from '../../db/tables/customers';

export const OPT_CHANNELS: readonly OptChannel[] = ['sms', 'email'];

export interface OptRequest {
  readonly customerId: string;
  readonly change: 'opt_out' | 'opt_in';
  /** Unset: every channel the customer has an address for. */
  readonly channel?: OptChannel;
  /** Why the operator did it; kept in the ledger row's `keyword` column, which for CLI rows holds the reason. */
  readonly reason?: string;
  readonly at: Date;
}

/** One channel's standing after the change, contact masked: what the CLI prints. */
export interface ChannelOptState {
  readonly channel: OptChannel;
  readonly address: string | null;
  readonly optedOut: boolean;
  readonly since: string | null;
  readonly source: string | null;
  readonly reason: string | null;
}

/** A request the ledger cannot take: unknown customer, or no address on the asked channel. One line for the CLI. */
export class OptChangeError extends Error {
  override readonly name = 'OptChangeError';
}

/**
 * `notify customer optout|optin`: records the change in the consent ledger (source `cli`) for the customer's current
 * phone and/or email, in one transaction, and returns every channel's resulting state.
 */
export async function changeCustomerOpt(db: DbOrTransaction, request: OptRequest): Promise<ChannelOptState[]> {
  return inTransaction(db, async (trx) => {
    const customer = await getCustomer(trx, request.customerId);
    if (!customer) throw new OptChangeError(`no customer ${request.customerId}`);
    const channels = request.channel ? [request.channel] : OPT_CHANNELS.filter((c) => addressOf(customer, c));
    if (channels.length === 0)
      throw new OptChangeError(`customer ${customer.id} has neither a phone number nor an email`);
    for (const channel of channels) {
      const address = addressOf(customer, channel);
      if (!address) {
        throw new OptChangeError(
          `customer ${customer.id} has no ${channel === 'sms' ? 'phone number' : 'email address'}`,
        );
      }
      const change = {
        channel,
        address,
        customerId: customer.id,
        source: 'cli' as const,
        keyword: request.reason ?? null,
        at: request.at,
      };
      await (request.change === 'opt_out' ? recordOptOut(trx, change) : recordOptIn(trx, change));
    }
    return customerOptStates(trx, customer);
  });
}

export async function customerOptStates(db: DbOrTransaction, customer: CustomerRow): Promise<ChannelOptState[]> {
  const states: ChannelOptState[] = [];
  for (const channel of OPT_CHANNELS) {
    const address = addressOf(customer, channel);
    const latest = address ? await latestOptChange(db, { channel, address }) : undefined;
    states.push({
      channel,
      address: address ? maskAddress(address) : null,
      optedOut: latest?.kind === 'opt_out',
      since: latest ? latest.at.toISOString() : null,
      source: latest?.source ?? null,
      reason: latest?.keyword ?? null,
    });
  }
  return states;
}

function addressOf(customer: CustomerRow, channel: OptChannel): string | null {
  return channel === 'sms' ? customer.phone : customer.email;
}

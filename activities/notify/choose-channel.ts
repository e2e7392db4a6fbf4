import type { DbOrTransaction } from '../../db/database';
import { hasConsent, isOptedOut } from '../../db/repositories/consent';
import type { CustomerRow } from '../../db/tables/customers';
import type { MessageClass } from '../../domain/policy';
import type { RefusalReason } from '../types';

export type ChannelChoice =
  | { readonly ok: true; readonly channel: 'sms' | 'email'; readonly address: string }
  | { readonly ok: false; readonly reason: RefusalReason };

/**
 * The customer's preferred channel when it is usable, else the other one: an SMS opt-out moves messages to email
 * when there is an address. Marketing also needs the customer's consent on that channel. When nothing is usable the
 * most telling reason is returned (opted out beats no consent beats no contact), so "why not sent" has an answer.
 */
export async function chooseChannel(
  db: DbOrTransaction,
  customer: CustomerRow,
  messageClass: MessageClass,
  now: Date,
): Promise<ChannelChoice> {
  const preferred = customer.preferred_channel ?? (customer.phone ? 'sms' : 'email');
  const order: ('sms' | 'email')[] = preferred === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  let refusal: RefusalReason = 'no_contact';
  for (const channel of order) {
    const address = channel === 'sms' ? customer.phone : customer.email;
    if (!address) continue;
    if (await isOptedOut(db, { channel, address, asOf: now })) {
      refusal = 'opted_out';
      continue;
    }
    if (messageClass === 'marketing') {
      const consented = await hasConsent(db, {
        customerId: customer.id,
        purposeClass: 'marketing',
        channel,
        asOf: now,
      });
      if (!consented) {
        if (refusal !== 'opted_out') refusal = 'no_consent';
        continue;
      }
    }
    return { ok: true, channel, address };
  }
  return { ok: false, reason: refusal };
}

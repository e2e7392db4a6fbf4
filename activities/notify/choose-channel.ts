import type { SendContext } from '../../db/repositories/send-context';
import type { MessageClass } from '../../domain/policy';
import type { RefusalReason } from '../types';

export type ChannelChoice =
  | { readonly ok: true; readonly channel: 'sms' | 'email'; readonly address: string }
  | { readonly ok: false; readonly reason: RefusalReason };

/** Most telling first: when no channel is usable, the refusal names the strongest reason found on any of them. */
const REFUSAL_RANK: Readonly<Record<RefusalReason, number>> = {
  opted_out: 4,
  no_consent: 3,
  phone_invalid: 2,
  email_invalid: 2,
  no_contact: 1,
  frequency_capped: 0,
  unknown_customer: 0,
};

/**
 * The customer's preferred channel when it is usable, else the other one: an SMS opt-out or a phone the provider
 * refused for good moves messages to email when there is an address. Marketing also needs the customer's consent on
 * that channel. When nothing is usable the most telling reason is returned (opted out, then no consent, then an
 * invalid contact, then no contact), so "why not sent" has an answer. Pure: the state comes from `loadSendContext`.
 */
export function chooseChannel(context: SendContext, messageClass: MessageClass): ChannelChoice {
  const { customer } = context;
  const preferred = customer.preferred_channel ?? (customer.phone ? 'sms' : 'email');
  const order: readonly ('sms' | 'email')[] = preferred === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  let refusal: RefusalReason = 'no_contact';
  const note = (reason: RefusalReason) => {
    if (REFUSAL_RANK[reason] > REFUSAL_RANK[refusal]) refusal = reason;
  };
  for (const channel of order) {
    const address = channel === 'sms' ? customer.phone : customer.email;
    if (!address) continue;
    const state = context[channel];
    if (state.optedOut) {
      note('opted_out');
      continue;
    }
    if (messageClass === 'marketing' && !state.consented) {
      note('no_consent');
      continue;
    }
    const invalidAt = channel === 'sms' ? customer.phone_invalid_at : customer.email_invalid_at;
    if (invalidAt !== null) {
      note(channel === 'sms' ? 'phone_invalid' : 'email_invalid');
      continue;
    }
    return { ok: true, channel, address };
  }
  return { ok: false, reason: refusal };
}

import type { SendContext } from '../../db/repositories/send-context';
import { type ChannelPick, pickChannel } from '../../domain/channel-choice';
import type { MessageClass } from '../../domain/policy';

export type ChannelChoice = ChannelPick;

/**
 * The channel for one customer's message, by the shared rule of `pickChannel` (preferred channel when usable, else
 * the other; marketing needs consent; opted-out and dead addresses are unusable). Pure: the state comes from
 * `loadSendContext`.
 */
export function chooseChannel(context: SendContext, messageClass: MessageClass, only?: 'sms' | 'email'): ChannelChoice {
  const { customer } = context;
  return pickChannel(
    { preferred: preferredOf(customer.preferred_channel), phone: customer.phone, email: customer.email },
    (channel) => ({
      optedOut: context[channel].optedOut,
      consented: context[channel].consented,
      invalid: (channel === 'sms' ? customer.phone_invalid_at : customer.email_invalid_at) !== null,
    }),
    { needsConsent: messageClass === 'marketing', ...(only ? { only } : {}) },
  );
}

function preferredOf(value: string | null): 'sms' | 'email' | null {
  return value === 'sms' || value === 'email' ? value : null;
}

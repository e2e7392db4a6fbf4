import { normalizeAddress } from '../../db/repositories/addresses';
import type { ChannelConsent } from '../../db/repositories/campaign-eligibility';
import type { SkipReason } from '../../domain/campaign/counts';
import { pickChannel } from '../../domain/channel-choice';
import type { MessageClass } from '../../domain/policy';

export interface ContactFacts {
  readonly customerId: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly preferredChannel: 'sms' | 'email' | null;
  readonly phoneInvalid: boolean;
  readonly emailInvalid: boolean;
}

export interface ScreenFacts {
  readonly optedOut: { readonly sms: ReadonlySet<string>; readonly email: ReadonlySet<string> };
  readonly consent: ReadonlyMap<string, ChannelConsent>;
  readonly recentCounts: ReadonlyMap<string, number>;
}

export type Eligibility =
  | { readonly ok: true; readonly channel: 'sms' | 'email'; readonly address: string }
  | { readonly ok: false; readonly reason: SkipReason };

/**
 * The notify activity's channel choice (`pickChannel`, domain/channel-choice.ts) over facts loaded in bulk for a page
 * of recipients; a campaign may force one channel. The frequency cap applies to the channel chosen.
 */
export function screenRecipient(
  contact: ContactFacts,
  facts: ScreenFacts,
  options: { readonly channel: 'sms' | 'email' | null; readonly messageClass: MessageClass; readonly cap?: number },
): Eligibility {
  const pick = pickChannel(
    { preferred: contact.preferredChannel, phone: contact.phone, email: contact.email },
    (channel, address) => ({
      optedOut: facts.optedOut[channel].has(normalizeAddress(channel, address)),
      consented: facts.consent.get(contact.customerId)?.[channel] ?? false,
      invalid: channel === 'sms' ? contact.phoneInvalid : contact.emailInvalid,
    }),
    { needsConsent: options.messageClass === 'marketing', only: options.channel },
  );
  if (!pick.ok) return pick;
  if (options.cap !== undefined && (facts.recentCounts.get(contact.customerId) ?? 0) >= options.cap) {
    return { ok: false, reason: 'capped' };
  }
  return pick;
}

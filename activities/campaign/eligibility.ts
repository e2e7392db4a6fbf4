import { normalizeAddress } from '../../db/repositories/addresses';
import type { ChannelConsent } from '../../db/repositories/campaign-eligibility';
import type { SkipReason } from '../../domain/campaign/counts';
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

/** Most telling first, as in the notify activity: the refusal names the strongest reason found on any channel. */
const REFUSAL_RANK: Readonly<Record<string, number>> = {
  opted_out: 4,
  no_consent: 3,
  phone_invalid: 2,
  email_invalid: 2,
  no_contact: 1,
};

/**
 * The notify activity's channel choice (activities/notify/choose-channel.ts) over facts loaded in bulk: the
 * preferred channel when usable, else the other; a campaign may force one. Opted out beats no consent beats an
 * invalid contact beats no contact; the frequency cap applies to the channel chosen.
 */
export function screenRecipient(
  contact: ContactFacts,
  facts: ScreenFacts,
  options: { readonly channel: 'sms' | 'email' | null; readonly messageClass: MessageClass; readonly cap?: number },
): Eligibility {
  const preferred = contact.preferredChannel ?? (contact.phone ? 'sms' : 'email');
  const order: ('sms' | 'email')[] = options.channel
    ? [options.channel]
    : preferred === 'sms'
      ? ['sms', 'email']
      : ['email', 'sms'];
  let refusal: SkipReason = 'no_contact';
  const note = (reason: SkipReason) => {
    if ((REFUSAL_RANK[reason] ?? 0) > (REFUSAL_RANK[refusal] ?? 0)) refusal = reason;
  };
  for (const channel of order) {
    const address = channel === 'sms' ? contact.phone : contact.email;
    if (!address) continue;
    if (facts.optedOut[channel].has(normalizeAddress(channel, address))) {
      note('opted_out');
      continue;
    }
    if (options.messageClass === 'marketing' && !facts.consent.get(contact.customerId)?.[channel]) {
      note('no_consent');
      continue;
    }
    if (channel === 'sms' ? contact.phoneInvalid : contact.emailInvalid) {
      note(channel === 'sms' ? 'phone_invalid' : 'email_invalid');
      continue;
    }
    if (options.cap !== undefined && (facts.recentCounts.get(contact.customerId) ?? 0) >= options.cap) {
      return { ok: false, reason: 'capped' };
    }
    return { ok: true, channel, address };
  }
  return { ok: false, reason: refusal };
}

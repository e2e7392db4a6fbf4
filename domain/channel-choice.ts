export type ChannelName = 'sms' | 'email';

/** Why a channel cannot carry a message; `no_contact` when the customer has neither address. */
export type ChannelRefusal = 'opted_out' | 'no_consent' | 'phone_invalid' | 'email_invalid' | 'no_contact';

export type ChannelPick =
  | { readonly ok: true; readonly channel: ChannelName; readonly address: string }
  | { readonly ok: false; readonly reason: ChannelRefusal };

/** What is known of one of the customer's addresses, however it was loaded (one customer or a page of them). */
export interface ChannelState {
  readonly optedOut: boolean;
  readonly consented: boolean;
  /** The provider refused this phone or mailbox for good. */
  readonly invalid: boolean;
}

export interface Contacts {
  readonly preferred: ChannelName | null;
  readonly phone: string | null;
  readonly email: string | null;
}

/** Most telling first: when no channel is usable, the refusal names the strongest reason found on any of them. */
const RANK: Readonly<Record<ChannelRefusal, number>> = {
  opted_out: 4,
  no_consent: 3,
  phone_invalid: 2,
  email_invalid: 2,
  no_contact: 1,
};

/**
 * The one channel-choice rule, for notify and campaigns alike: the preferred channel when usable, else the other
 * (an SMS opt-out or a dead phone moves messages to email when there is an address); `only` restricts the choice to
 * one channel (a campaign may). A channel is unusable when its address is opted out, when consent is needed and not
 * given, or when the provider refused the address for good. When none is usable the most telling reason is returned
 * (opted out, then no consent, then an invalid contact, then no contact), so "why not sent" always has an answer.
 */
export function pickChannel(
  contacts: Contacts,
  stateOf: (channel: ChannelName, address: string) => ChannelState,
  options: { readonly needsConsent: boolean; readonly only?: ChannelName | null },
): ChannelPick {
  const preferred = contacts.preferred ?? (contacts.phone ? 'sms' : 'email');
  const order: readonly ChannelName[] = options.only
    ? [options.only]
    : preferred === 'sms'
      ? ['sms', 'email']
      : ['email', 'sms'];
  let refusal: ChannelRefusal = 'no_contact';
  for (const channel of order) {
    const address = channel === 'sms' ? contacts.phone : contacts.email;
    if (!address) continue;
    const reason = whyUnusable(channel, stateOf(channel, address), options.needsConsent);
    if (reason === null) return { ok: true, channel, address };
    if (RANK[reason] > RANK[refusal]) refusal = reason;
  }
  return { ok: false, reason: refusal };
}

function whyUnusable(channel: ChannelName, state: ChannelState, needsConsent: boolean): ChannelRefusal | null {
  if (state.optedOut) return 'opted_out';
  if (needsConsent && !state.consented) return 'no_consent';
  if (state.invalid) return channel === 'sms' ? 'phone_invalid' : 'email_invalid';
  return null;
}

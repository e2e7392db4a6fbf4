import { type ChannelState, pickChannel } from '../../domain/channel-choice';

const usable: ChannelState = { optedOut: false, consented: true, invalid: false };
const both = { preferred: null, phone: '+8613800001234', email: 'wang@example.com' } as const;

describe('pickChannel: one rule for notify and campaigns', () => {
  it.each([
    ['the preferred channel when usable', both, { sms: usable, email: usable }, false, undefined, 'sms'],
    [
      'email when preferred',
      { ...both, preferred: 'email' },
      { sms: usable, email: usable },
      false,
      undefined,
      'email',
    ],
    [
      'email after an SMS opt-out',
      both,
      { sms: { ...usable, optedOut: true }, email: usable },
      false,
      undefined,
      'email',
    ],
    [
      'email when the phone is dead',
      both,
      { sms: { ...usable, invalid: true }, email: usable },
      false,
      undefined,
      'email',
    ],
    [
      'email when only email consented (marketing)',
      both,
      { sms: { ...usable, consented: false }, email: usable },
      true,
      undefined,
      'email',
    ],
    [
      'consent ignored outside marketing',
      both,
      { sms: { ...usable, consented: false }, email: usable },
      false,
      undefined,
      'sms',
    ],
    ['a forced channel only', both, { sms: usable, email: usable }, false, 'email', 'email'],
  ] as const)('%s', (_what, contacts, states, needsConsent, only, expected) => {
    const pick = pickChannel(contacts, (channel) => states[channel], { needsConsent, only });
    expect(pick).toMatchObject({ ok: true, channel: expected });
  });

  it.each([
    [
      'opted out beats no consent',
      { sms: { ...usable, optedOut: true }, email: { ...usable, consented: false } },
      'opted_out',
    ],
    [
      'no consent beats a dead phone',
      { sms: { ...usable, invalid: true }, email: { ...usable, consented: false } },
      'no_consent',
    ],
    ['a dead phone beats no address', { sms: { ...usable, invalid: true }, email: usable }, 'phone_invalid'],
  ] as const)('refusal: %s', (_what, states, reason) => {
    const contacts = reason === 'phone_invalid' ? { ...both, email: null } : both;
    expect(pickChannel(contacts, (channel) => states[channel], { needsConsent: true })).toEqual({ ok: false, reason });
  });

  it('no address at all is no_contact, and a forced channel without an address too', () => {
    const none = { preferred: null, phone: null, email: null };
    expect(pickChannel(none, () => usable, { needsConsent: false })).toEqual({ ok: false, reason: 'no_contact' });
    const phoneOnly = { ...both, email: null };
    expect(pickChannel(phoneOnly, () => usable, { needsConsent: false, only: 'email' })).toEqual({
      ok: false,
      reason: 'no_contact',
    });
  });
});

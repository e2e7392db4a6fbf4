import {
  consentByCustomer,
  optedOutAddresses,
  recentCountsByCustomer,
} from '../../db/repositories/campaign-eligibility';
import type { MessageClass } from '../../domain/policy';
import type { ActivityDeps } from '../deps';
import { type ContactFacts, type Eligibility, screenRecipient } from './eligibility';

/**
 * Opt-out, consent and frequency-cap checks for many recipients at once: three queries for the whole set, then the
 * same per-recipient decision the notify activity makes.
 */
export async function screenRecipients(
  deps: ActivityDeps,
  contacts: readonly ContactFacts[],
  options: { readonly channel: 'sms' | 'email' | null; readonly messageClass: MessageClass; readonly now: Date },
): Promise<Map<string, Eligibility>> {
  const ids = contacts.map((c) => c.customerId);
  const capRule = deps.policy.frequencyCaps[options.messageClass];
  const phones = contacts.flatMap((c) => (c.phone ? [c.phone] : []));
  const emails = contacts.flatMap((c) => (c.email ? [c.email] : []));
  const [smsOut, emailOut, consent, recentCounts] = await Promise.all([
    optedOutAddresses(deps.db, 'sms', phones),
    optedOutAddresses(deps.db, 'email', emails),
    options.messageClass === 'marketing'
      ? consentByCustomer(deps.db, ids, 'marketing')
      : Promise.resolve(new Map<string, never>()),
    capRule
      ? recentCountsByCustomer(deps.db, ids, options.messageClass, new Date(options.now.getTime() - capRule.perMs))
      : Promise.resolve(new Map<string, number>()),
  ]);
  const facts = { optedOut: { sms: smsOut, email: emailOut }, consent, recentCounts };
  const screenOptions = {
    channel: options.channel,
    messageClass: options.messageClass,
    ...(capRule ? { cap: capRule.max } : {}),
  };
  return new Map(contacts.map((c) => [c.customerId, screenRecipient(c, facts, screenOptions)]));
}

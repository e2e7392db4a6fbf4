import { DateTime } from 'luxon';
import type { CustomerPurpose, MessageClass, Policy } from './policy';
import { nextSendTime, resolveZone } from './send-window';

/**
 * May a message go out at this instant? Asked by the send itself, not only when it was planned: a timer that fired
 * late (the worker was down across 21:00) must not buzz a phone at 03:00 (architecture.md 6.3).
 */
export type SendNow =
  | { readonly open: true }
  | {
      readonly open: false;
      /** The window's next opening in the recipient's zone (epoch ms). */
      readonly until: number;
      /** The same instant as ISO-8601 in the recipient's zone, for people reading histories and timelines. */
      readonly localTime: string;
    };

/** The purpose's window, by message class; null for exempt purposes (direct answers to the customer's own action). */
export function windowOf(purpose: CustomerPurpose, messageClass: MessageClass, policy: Policy) {
  return policy.windowExempt.includes(purpose) ? null : policy.windows[messageClass];
}

export function sendNow(
  now: number,
  zone: string | null | undefined,
  purpose: CustomerPurpose,
  messageClass: MessageClass,
  policy: Policy,
): SendNow {
  const until = nextSendTime(now, zone, windowOf(purpose, messageClass, policy), policy);
  if (until <= now) return { open: true };
  const localTime = DateTime.fromMillis(until, { zone: resolveZone(zone, policy).zone }).toISO() ?? '';
  return { open: false, until, localTime };
}

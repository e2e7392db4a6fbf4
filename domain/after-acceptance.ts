import type { MessageClass } from './policy';

/**
 * What to do when Twilio reports, after accepting an SMS, that it did not reach the phone (status callback with an
 * error code). One rule per message class, so the README's table and the code cannot drift apart:
 *
 * | class         | 30003 handset unreachable            | 30005, 30006 number dead        | 30001, 30036 capacity (queue full, expired) |
 * |---------------|--------------------------------------|---------------------------------|---------------------------------------------|
 * | transactional | email now, else one SMS retry later  | email now, else record only     | email now, else record only (not stale)     |
 * | service       | one SMS retry later                  | email now, else record only     | one SMS retry later                         |
 * | marketing     | record only                          | record only                     | record only                                 |
 *
 * "Email now" needs a usable address (present, not opted out, not bounced); "later" is `RETRY_SMS_AFTER_MS`, then
 * inside the customer's window. Transactional messages are time-sensitive: a capacity failure means the text would
 * arrive late, so it is never queued again by SMS. A redelivery happens once per message (its key is derived).
 */
export const AFTER_ACCEPTANCE_CODES = ['30001', '30003', '30005', '30006', '30036'] as const;
export type AfterAcceptanceCode = (typeof AFTER_ACCEPTANCE_CODES)[number];

export const RETRY_SMS_AFTER_MS = 30 * 60_000;

export type AfterAcceptanceAction =
  | { readonly kind: 'email' }
  | { readonly kind: 'sms_later'; readonly afterMs: number }
  | { readonly kind: 'record_only'; readonly reason: string };

export function isAfterAcceptanceCode(code: string | null | undefined): code is AfterAcceptanceCode {
  return (AFTER_ACCEPTANCE_CODES as readonly string[]).includes(code ?? '');
}

export function afterAcceptance(
  messageClass: MessageClass,
  code: AfterAcceptanceCode,
  emailUsable: boolean,
): AfterAcceptanceAction {
  if (messageClass === 'marketing') return { kind: 'record_only', reason: 'marketing' };
  const dead = code === '30005' || code === '30006';
  const capacity = code === '30001' || code === '30036';
  if (dead || (messageClass === 'transactional' && (capacity || code === '30003'))) {
    if (emailUsable) return { kind: 'email' };
    if (dead) return { kind: 'record_only', reason: 'no_usable_email' };
    if (capacity) return { kind: 'record_only', reason: 'stale_if_resent' };
  }
  return { kind: 'sms_later', afterMs: RETRY_SMS_AFTER_MS };
}

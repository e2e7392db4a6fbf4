import type { KeyRing } from './keys';
import { createSignedToken, openSignedToken } from './signed-token';

/**
 * Tokens for the List-Unsubscribe link in marketing email (`/v1/unsubscribe/<token>`). The token names the customer
 * and the email address the mail went to, signed so it cannot be altered or forged. It does not expire: RFC 8058
 * expects an unsubscribe link to keep working for as long as the mail may be read.
 */
export interface UnsubscribeClaims {
  readonly customerId: string;
  /** The address the marketing mail was sent to: the one to opt out (a later change of address is not opted out). */
  readonly email: string;
}

export type UnsubscribeVerdict =
  | { readonly ok: true; readonly claims: UnsubscribeClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'tampered' };

export function createUnsubscribeToken(keys: KeyRing, claims: UnsubscribeClaims): string {
  return createSignedToken(keys, PURPOSE, { c: claims.customerId, a: claims.email });
}

export function verifyUnsubscribeToken(keys: KeyRing, token: string): UnsubscribeVerdict {
  const opened = openSignedToken(keys, PURPOSE, token);
  if (!opened.ok) return opened;
  const { c, a } = opened.payload;
  if (typeof c !== 'string' || typeof a !== 'string' || c === '' || a === '') return { ok: false, reason: 'malformed' };
  return { ok: true, claims: { customerId: c, email: a } };
}

/** Distinct from reply links' purpose, so a token of one kind never verifies as the other. */
const PURPOSE = 'unsubscribe-link';

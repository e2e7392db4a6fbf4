import { createHmac, timingSafeEqual } from 'node:crypto';

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

export function createUnsubscribeToken(secret: string, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(JSON.stringify({ c: claims.customerId, a: claims.email })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeVerdict {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(sign(secret, payload), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'tampered' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { c, a } = (decoded ?? {}) as { c?: unknown; a?: unknown };
  if (typeof c !== 'string' || typeof a !== 'string' || c === '' || a === '') return { ok: false, reason: 'malformed' };
  return { ok: true, claims: { customerId: c, email: a } };
}

/** A purpose prefix distinct from reply links', so a token of one kind never verifies as the other. */
function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`unsubscribe-link.${payload}`).digest('base64url');
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyRing } from './keys';

/**
 * The envelope shared by the links the service mails out: `<base64url JSON>.<base64url HMAC-SHA256>`, signed under a
 * purpose prefix so a token minted for one kind of link never verifies as another.
 */
export function createSignedToken(keys: KeyRing, purpose: string, claims: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(keys.current, purpose, payload)}`;
}

export type SignedTokenVerdict =
  | { readonly ok: true; readonly payload: Record<string, unknown> }
  | { readonly ok: false; readonly reason: 'malformed' | 'tampered' };

/** Checks the signature in constant time, then decodes the payload; what the fields mean is the caller's business. */
export function openSignedToken(keys: KeyRing, purpose: string, token: string): SignedTokenVerdict {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const genuine = keys.accepted.some((key) => {
    const expected = Buffer.from(sign(key, purpose, payload), 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!genuine) return { ok: false, reason: 'tampered' };
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return { ok: false, reason: 'malformed' };
    return { ok: true, payload: decoded as Record<string, unknown> };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

function sign(key: Buffer, purpose: string, payload: string): string {
  return createHmac('sha256', key).update(`${purpose}.${payload}`).digest('base64url');
}

import type { KeyRing } from './keys';
import { type LinkClaims, type LinkTokenVerdict, openLinkToken, sealLinkToken } from './link-token';

/**
 * Tokens for the List-Unsubscribe link in marketing email (`/v1/unsubscribe/<token>`): the outbox key of the mail
 * that carried the link and when the link stops working, sealed (link-token.ts). The customer and the address to opt
 * out are read from that outbox row when the link is used, so the token itself carries no personal data.
 *
 * The expiry is long (`api.unsubscribeLinkTtl`, a year by default) but finite: RFC 8058 expects the link to work for
 * as long as the mail is likely to be read, not forever.
 */
export type UnsubscribeClaims = LinkClaims;
export type UnsubscribeVerdict = LinkTokenVerdict;

export function createUnsubscribeToken(keys: KeyRing, claims: UnsubscribeClaims): string {
  return sealLinkToken(keys, 'unsubscribe-link', claims);
}

export function verifyUnsubscribeToken(keys: KeyRing, token: string, nowMs: number): UnsubscribeVerdict {
  return openLinkToken(keys, 'unsubscribe-link', token, nowMs);
}

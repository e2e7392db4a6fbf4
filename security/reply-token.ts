import type { KeyRing } from './keys';
import { type LinkTokenVerdict, openLinkToken, sealLinkToken } from './link-token';

/**
 * Tokens for the reply links in email prompts (`/v1/reply/<token>`): the prompt's notification key and when the link
 * stops working, sealed (link-token.ts) so they can be neither read nor altered nor forged.
 */
export interface ReplyTokenClaims {
  /** The prompt's notification key (`<workflowId>/<purpose>/<n>`). */
  readonly promptKey: string;
  /** Epoch seconds after which the link no longer records anything. */
  readonly expiresAt: number;
}

export type ReplyTokenVerdict =
  | { readonly ok: true; readonly claims: ReplyTokenClaims }
  | { readonly ok: false; readonly reason: 'expired'; readonly claims: ReplyTokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'tampered' };

export function createReplyToken(keys: KeyRing, claims: ReplyTokenClaims): string {
  return sealLinkToken(keys, 'reply-link', { notificationKey: claims.promptKey, expiresAt: claims.expiresAt });
}

export function verifyReplyToken(keys: KeyRing, token: string, nowMs: number): ReplyTokenVerdict {
  const verdict: LinkTokenVerdict = openLinkToken(keys, 'reply-link', token, nowMs);
  if (!('claims' in verdict)) return verdict;
  const claims = { promptKey: verdict.claims.notificationKey, expiresAt: verdict.claims.expiresAt };
  return verdict.ok ? { ok: true, claims } : { ok: false, reason: 'expired', claims };
}

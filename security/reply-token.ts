import type { KeyRing } from './keys';
import { createSignedToken, openSignedToken } from './signed-token';

/**
 * Tokens for the reply links in email prompts (`GET /v1/reply/<token>?choice=N`). The token names the prompt it
 * answers and when it stops working, signed so it cannot be altered or forged; it carries no personal data.
 */
export interface ReplyTokenClaims {
  /** The prompt's notification key (`<workflowId>/<purpose>/<n>`). */
  readonly promptKey: string;
  /** Epoch seconds after which the link no longer records anything. */
  readonly expiresAt: number;
}

export type ReplyTokenVerdict =
  | { readonly ok: true; readonly claims: ReplyTokenClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'tampered' | 'expired' };

export function createReplyToken(keys: KeyRing, claims: ReplyTokenClaims): string {
  return createSignedToken(keys, PURPOSE, { k: claims.promptKey, e: claims.expiresAt });
}

export function verifyReplyToken(keys: KeyRing, token: string, nowMs: number): ReplyTokenVerdict {
  const opened = openSignedToken(keys, PURPOSE, token);
  if (!opened.ok) return opened;
  const { k, e } = opened.payload;
  if (typeof k !== 'string' || typeof e !== 'number') return { ok: false, reason: 'malformed' };
  if (nowMs > e * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { promptKey: k, expiresAt: e } };
}

const PURPOSE = 'reply-link';

import { createHmac, timingSafeEqual } from 'node:crypto';

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

export function createReplyToken(secret: string, claims: ReplyTokenClaims): string {
  const payload = Buffer.from(JSON.stringify({ k: claims.promptKey, e: claims.expiresAt })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyReplyToken(secret: string, token: string, nowMs: number): ReplyTokenVerdict {
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
  const { k, e } = (decoded ?? {}) as { k?: unknown; e?: unknown };
  if (typeof k !== 'string' || typeof e !== 'number') return { ok: false, reason: 'malformed' };
  if (nowMs > e * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { promptKey: k, expiresAt: e } };
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`reply-link.${payload}`).digest('base64url');
}

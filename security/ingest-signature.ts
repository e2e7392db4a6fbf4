import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Notify-Signature: t=<unix seconds>,v1=<hex>` scheme of architecture.md 8: HMAC-SHA256 over
 * `<timestamp>.<raw body>` with the shared ingest secret. The timestamp bounds replays to the tolerance window.
 */

export function signIngestBody(secret: string, body: string | Buffer, timestampSec: number): string {
  return `t=${timestampSec},v1=${digest(secret, timestampSec, body)}`;
}

export type SignatureVerdict =
  | { readonly ok: true; readonly timestampSec: number }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyIngestSignature(
  header: string | undefined,
  body: string | Buffer,
  secret: string,
  nowMs: number,
  toleranceMs: number,
): SignatureVerdict {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, reason: 'malformed' };
    const key = part.slice(0, eq).trim();
    parts.set(key, [...(parts.get(key) ?? []), part.slice(eq + 1).trim()]);
  }
  const t = parts.get('t')?.[0];
  const candidates = parts.get('v1') ?? [];
  if (!t || !/^\d{1,12}$/.test(t) || candidates.length === 0) return { ok: false, reason: 'malformed' };
  const timestampSec = Number(t);
  if (Math.abs(nowMs - timestampSec * 1000) > toleranceMs) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(digest(secret, timestampSec, body), 'hex');
  // Several v1 values are allowed so a secret can be rotated without downtime.
  const match = candidates.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  return match ? { ok: true, timestampSec } : { ok: false, reason: 'mismatch' };
}

function digest(secret: string, timestampSec: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSec}.`).update(body).digest('hex');
}

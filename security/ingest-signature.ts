import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `X-Notify-Signature: t=<unix seconds>,v1=<hex>` scheme of architecture.md 8: HMAC-SHA256 over
 * `<timestamp>.<raw body>` with the shared ingest secret. The timestamp bounds replays to the tolerance window.
 *
 * Keys are strings (a secret as configured) or bytes (a key ring's; the ingest ring holds the secret's UTF-8 bytes,
 * which HMAC treats exactly as the string).
 */
export type SigningKey = string | Buffer;

export function signIngestBody(key: SigningKey, body: string | Buffer, timestampSec: number): string {
  return `t=${timestampSec},v1=${digest(key, timestampSec, body)}`;
}

export type SignatureVerdict =
  | { readonly ok: true; readonly timestampSec: number }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/**
 * Valid when any `v1` value matches the signature under any of `accepted`: the sender may send several while it
 * rotates its secret, and the receiver accepts the previous secret while one is configured (KeyRing.accepted).
 */
export function verifyIngestSignature(
  header: string | undefined,
  body: string | Buffer,
  accepted: readonly SigningKey[],
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
  const candidates = (parts.get('v1') ?? []).filter((hex) => /^[0-9a-f]{64}$/i.test(hex));
  if (!t || !/^\d{1,12}$/.test(t) || (parts.get('v1') ?? []).length === 0) return { ok: false, reason: 'malformed' };
  const timestampSec = Number(t);
  if (Math.abs(nowMs - timestampSec * 1000) > toleranceMs) return { ok: false, reason: 'stale' };
  const expected = accepted.map((key) => Buffer.from(digest(key, timestampSec, body), 'hex'));
  const match = candidates.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return expected.some((digestOfKey) => timingSafeEqual(given, digestOfKey));
  });
  return match ? { ok: true, timestampSec } : { ok: false, reason: 'mismatch' };
}

function digest(key: SigningKey, timestampSec: number, body: string | Buffer): string {
  return createHmac('sha256', key).update(`${timestampSec}.`).update(body).digest('hex');
}

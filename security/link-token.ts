import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './keys';

/**
 * The opaque tokens in the links the service mails out (reply choices, unsubscribe). A token is
 * `v2.<base64url(iv ‖ ciphertext ‖ tag)>`: AES-256-GCM over `{notification key, expiry}` under the ring's key.
 *
 * Why authenticated encryption rather than a random id stored server-side: the token must be unforgeable (GCM's tag),
 * unreadable (the notification key names the order, `order:<id>/…`, and must not be guessable from one link), and
 * usable after a restart or from another API replica, all without a table of issued links, a migration, or a write
 * per mail sent (a campaign sends hundreds of thousands). Whatever else a link needs (customer, address, locale) is
 * read from the outbox row the key names when the link is used, so the token carries no personal data at all.
 *
 * The purpose (`reply-link`, `unsubscribe-link`) and version are bound as associated data, so a token minted for one
 * kind of link never opens as another even if both rings held the same key. The IV is 96 random bits per token: the
 * GCM bound of 2^32 messages per key is far above what a key sees before it is rotated.
 *
 * Rotation: sealed with the ring's current key, opened with any accepted key (the previous secret's too), so links
 * mailed before NOTIFY_INGEST_SECRET changed keep working until NOTIFY_INGEST_SECRET_PREVIOUS is removed.
 *
 * The version prefix lets the format change again; tokens without it (the signed-JSON `v1` links, which carried the
 * email address readably and were only ever issued in development) are refused as malformed.
 */
export interface LinkClaims {
  /** The outbox notification key (`<workflowId>/<purpose>/<n>`) the link belongs to. */
  readonly notificationKey: string;
  /** Epoch seconds after which the link records nothing. */
  readonly expiresAt: number;
}

export type LinkPurpose = 'reply-link' | 'unsubscribe-link';

export type LinkTokenVerdict =
  | { readonly ok: true; readonly claims: LinkClaims }
  /** An expired token is still genuine: its claims say whose link it was, so the page can speak their language. */
  | { readonly ok: false; readonly reason: 'expired'; readonly claims: LinkClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'tampered' };

export const LINK_TOKEN_VERSION = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealLinkToken(keys: KeyRing, purpose: LinkPurpose, claims: LinkClaims): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.current, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(purpose));
  const plaintext = Buffer.from(JSON.stringify({ k: claims.notificationKey, e: claims.expiresAt }), 'utf8');
  const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${LINK_TOKEN_VERSION}.${sealed.toString('base64url')}`;
}

export function openLinkToken(keys: KeyRing, purpose: LinkPurpose, token: string, nowMs: number): LinkTokenVerdict {
  const prefix = `${LINK_TOKEN_VERSION}.`;
  if (!token.startsWith(prefix)) return { ok: false, reason: 'malformed' };
  const body = token.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return { ok: false, reason: 'malformed' };
  const sealed = Buffer.from(body, 'base64url');
  if (sealed.length <= IV_BYTES + TAG_BYTES) return { ok: false, reason: 'malformed' };
  const plaintext = keys.accepted.map((key) => decrypt(key, purpose, sealed)).find((opened) => opened !== undefined);
  if (plaintext === undefined) return { ok: false, reason: 'tampered' };
  const claims = parseClaims(plaintext);
  // Only a key of ours sealed this, so a payload that does not parse is a bug on our side; still, never trust it.
  if (claims === undefined) return { ok: false, reason: 'malformed' };
  if (nowMs >= claims.expiresAt * 1000) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

function decrypt(key: Buffer, purpose: LinkPurpose, sealed: Buffer): Buffer | undefined {
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const ciphertext = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined; // the tag does not verify under this key: altered, forged, another purpose, or another key
  }
}

function parseClaims(plaintext: Buffer): LinkClaims | undefined {
  try {
    const decoded = JSON.parse(plaintext.toString('utf8')) as { k?: unknown; e?: unknown } | null;
    const { k, e } = decoded ?? {};
    if (typeof k !== 'string' || k === '' || typeof e !== 'number' || !Number.isFinite(e)) return undefined;
    return { notificationKey: k, expiresAt: e };
  } catch {
    return undefined;
  }
}

function associatedData(purpose: LinkPurpose): Buffer {
  return Buffer.from(`notify/${LINK_TOKEN_VERSION}/${purpose}`, 'utf8');
}

import { hkdfSync } from 'node:crypto';

/**
 * One secret configures the edge; every key the service keeps to itself is derived from it with HKDF-SHA256 under a
 * label of its own, so a key leaked from one use (a link key in a debugger, say) neither reveals the secret nor
 * verifies anything of another kind. The ingest key is the secret itself: shops sign events with the secret they
 * were given (architecture.md 8), and cannot be asked to run HKDF first.
 *
 * Rotation: a ring signs with the current key and verifies with the current and, while one is configured, the
 * previous secret's key (NOTIFY_INGEST_SECRET_PREVIOUS), so links and signatures made before the switch keep working
 * until the previous secret is removed.
 */
export interface KeyRing {
  /** What new signatures and tokens are made with. */
  readonly current: Buffer;
  /** What is accepted when verifying: the current key first, then the previous one if any. */
  readonly accepted: readonly Buffer[];
}

export interface ServiceKeys {
  /** Verifies `X-Notify-Signature` on `/v1/events` (and signs it in `notify events send`). */
  readonly ingest: KeyRing;
  /** Reply links in email prompts (`/v1/reply/<token>`). */
  readonly replyLinks: KeyRing;
  /** List-Unsubscribe links in marketing email (`/v1/unsubscribe/<token>`). */
  readonly unsubscribeLinks: KeyRing;
  /** Signatures on the operator routes the CLI calls (`/v1/operator/...`). */
  readonly operator: KeyRing;
}

export const KEY_LABELS = {
  replyLinks: 'notify/v1/reply-links',
  unsubscribeLinks: 'notify/v1/unsubscribe-links',
  operator: 'notify/v1/operator',
} as const;

export function deriveServiceKeys(secret: string, previous?: string): ServiceKeys {
  const secrets = previous === undefined || previous === secret ? [secret] : [secret, previous];
  const ring = (derive: (s: string) => Buffer): KeyRing => {
    const keys = secrets.map(derive);
    return Object.freeze({ current: keys[0]!, accepted: Object.freeze(keys) });
  };
  return Object.freeze({
    ingest: ring((s) => Buffer.from(s, 'utf8')),
    replyLinks: ring((s) => deriveKey(s, KEY_LABELS.replyLinks)),
    unsubscribeLinks: ring((s) => deriveKey(s, KEY_LABELS.unsubscribeLinks)),
    operator: ring((s) => deriveKey(s, KEY_LABELS.operator)),
  });
}

/** 32 bytes for `label` (HKDF-SHA256, no salt: the secret is already uniformly random or long and operator-chosen). */
export function deriveKey(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), Buffer.from(label, 'utf8'), 32));
}

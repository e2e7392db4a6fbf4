import { deriveServiceKeys } from '../../security/keys';
import { openLinkToken, sealLinkToken } from '../../security/link-token';
import { createReplyToken, verifyReplyToken } from '../../security/reply-token';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '../../security/unsubscribe-token';

const SECRET = 'a-shared-secret-of-some-length';
const keys = deriveServiceKeys(SECRET);
const now = Date.parse('2026-03-02T01:00:00Z');
const claims = { notificationKey: 'order:o-1001/shipment.stalled/1', expiresAt: Math.floor(now / 1000) + 86_400 };

/** Flips one bit of the sealed bytes (IV, ciphertext or tag), keeping the token well formed. */
function flipBit(token: string, byte: number): string {
  const sealed = Buffer.from(token.slice('v2.'.length), 'base64url');
  sealed[byte] = (sealed[byte] as number) ^ 0x01;
  return `v2.${sealed.toString('base64url')}`;
}

describe('link tokens (AES-256-GCM, versioned)', () => {
  it('round-trips its claims, and two tokens for the same claims differ (random IV)', () => {
    const token = sealLinkToken(keys.replyLinks, 'reply-link', claims);
    expect(token).toMatch(/^v2\.[A-Za-z0-9_-]+$/);
    expect(openLinkToken(keys.replyLinks, 'reply-link', token, now)).toEqual({ ok: true, claims });
    expect(sealLinkToken(keys.replyLinks, 'reply-link', claims)).not.toBe(token);
  });

  it('says nothing readable: neither the key nor the order id appears, plain or base64-decoded', () => {
    const token = sealLinkToken(keys.replyLinks, 'reply-link', claims);
    const decoded = Buffer.from(token.slice(3), 'base64url').toString('latin1');
    for (const text of [token, decoded]) {
      expect(text).not.toContain('o-1001');
      expect(text).not.toContain('shipment');
    }
  });

  it('refuses any altered bit of IV, ciphertext or tag', () => {
    const token = sealLinkToken(keys.replyLinks, 'reply-link', claims);
    const length = Buffer.from(token.slice(3), 'base64url').length;
    for (const byte of [0, 11, 12, 20, length - 16, length - 1]) {
      expect(openLinkToken(keys.replyLinks, 'reply-link', flipBit(token, byte), now)).toEqual({
        ok: false,
        reason: 'tampered',
      });
    }
  });

  it('refuses a token minted with the development secret of another data dir', () => {
    // The embedded default generates a random secret per data dir: another install's links are forgeries here.
    const elsewhere = deriveServiceKeys('another-data-dir-secret-0123456789abcdef');
    const forged = sealLinkToken(elsewhere.replyLinks, 'reply-link', claims);
    expect(openLinkToken(keys.replyLinks, 'reply-link', forged, now)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('binds the purpose: a reply token never opens as an unsubscribe token, even under the same key', () => {
    const reply = sealLinkToken(keys.replyLinks, 'reply-link', claims);
    expect(openLinkToken(keys.replyLinks, 'unsubscribe-link', reply, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(
      verifyUnsubscribeToken(
        keys.unsubscribeLinks,
        createReplyToken(keys.replyLinks, { promptKey: claims.notificationKey, expiresAt: claims.expiresAt }),
        now,
      ),
    ).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyReplyToken(keys.replyLinks, createUnsubscribeToken(keys.unsubscribeLinks, claims), now)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('keeps links made before a rotation working while the previous secret is configured, and not after', () => {
    const before = deriveServiceKeys('the-old-secret-0123456789abcdef');
    const token = createUnsubscribeToken(before.unsubscribeLinks, claims);
    const rotated = deriveServiceKeys('the-new-secret-0123456789abcdef', 'the-old-secret-0123456789abcdef');
    expect(verifyUnsubscribeToken(rotated.unsubscribeLinks, token, now)).toEqual({ ok: true, claims });
    // New links are sealed with the new secret only.
    const fresh = createUnsubscribeToken(rotated.unsubscribeLinks, claims);
    expect(verifyUnsubscribeToken(before.unsubscribeLinks, fresh, now)).toEqual({ ok: false, reason: 'tampered' });
    const previousRemoved = deriveServiceKeys('the-new-secret-0123456789abcdef');
    expect(verifyUnsubscribeToken(previousRemoved.unsubscribeLinks, token, now)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('reports expiry with the claims (so the page can find the customer), from the second it expires', () => {
    const token = sealLinkToken(keys.unsubscribeLinks, 'unsubscribe-link', claims);
    expect(openLinkToken(keys.unsubscribeLinks, 'unsubscribe-link', token, claims.expiresAt * 1000 - 1).ok).toBe(true);
    expect(openLinkToken(keys.unsubscribeLinks, 'unsubscribe-link', token, claims.expiresAt * 1000)).toEqual({
      ok: false,
      reason: 'expired',
      claims,
    });
  });

  it('refuses the old signed-JSON format and malformed tokens', () => {
    // The v1 shape: `<base64url JSON>.<base64url HMAC>`, which carried the email address readably.
    const v1 = `${Buffer.from(JSON.stringify({ c: 'c-1', a: 'zoe@example.com' })).toString('base64url')}.c2lnbmF0dXJl`;
    for (const bad of [
      v1,
      'abc',
      'a.b.c',
      'v2.',
      'v2.short',
      'v2.not base64!',
      'v3.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      expect({ bad, verdict: openLinkToken(keys.unsubscribeLinks, 'unsubscribe-link', bad, now) }).toEqual({
        bad,
        verdict: { ok: false, reason: 'malformed' },
      });
    }
  });
});

import { signIngestBody, verifyIngestSignature } from '../../security/ingest-signature';
import { createReplyToken, verifyReplyToken } from '../../security/reply-token';
import { deriveServiceKeys } from '../../security/keys';

const secret = 'a-shared-secret-of-some-length';
const linkKeys = deriveServiceKeys(secret).replyLinks;
const body = '{"id":"e-1","type":"order.cancelled","occurredAt":"2026-03-02T09:00:00+08:00","data":{"orderId":"o-1"}}';
const now = Date.parse('2026-03-02T01:00:00Z');
const tolerance = 5 * 60_000;

describe('ingest signatures', () => {
  const nowSec = Math.floor(now / 1000);

  it('accepts its own signature', () => {
    expect(verifyIngestSignature(signIngestBody(secret, body, nowSec), body, [secret], now, tolerance)).toEqual({
      ok: true,
      timestampSec: nowSec,
    });
  });

  it('matches an HMAC-SHA256 over "<t>.<body>" computed independently with openssl', () => {
    // printf '%s' "1772413200.$body" | openssl dgst -sha256 -hmac "$secret"
    expect(signIngestBody(secret, body, 1772413200)).toBe(
      't=1772413200,v1=b8fc28db706b09c11457ada9fbe00bac592ceee8c9c8bb03938d3b2ff45ffdd7',
    );
  });

  it.each([
    ['missing header', undefined, 'missing'],
    ['garbage', 'nonsense', 'malformed'],
    ['no v1', `t=${Math.floor(now / 1000)}`, 'malformed'],
    ['stale (6 minutes old)', signIngestBody(secret, body, Math.floor(now / 1000) - 360), 'stale'],
    ['from the future', signIngestBody(secret, body, Math.floor(now / 1000) + 360), 'stale'],
    ['wrong secret', signIngestBody('another-secret-entirely', body, Math.floor(now / 1000)), 'mismatch'],
  ])('rejects %s', (_name, header, reason) => {
    expect(verifyIngestSignature(header, body, [secret], now, tolerance)).toEqual({ ok: false, reason });
  });

  it('rejects a body altered after signing', () => {
    const header = signIngestBody(secret, body, nowSec);
    expect(verifyIngestSignature(header, body.replace('o-1', 'o-2'), [secret], now, tolerance)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const good = signIngestBody(secret, body, nowSec).split(',')[1] as string;
    const header = `t=${nowSec},v1=${'0'.repeat(64)},${good}`;
    expect(verifyIngestSignature(header, body, [secret], now, tolerance).ok).toBe(true);
  });

  it('verifies against every key a ring accepts: the previous secret while it is configured, not after', () => {
    const previous = 'the-secret-being-rotated-out';
    const oldSignature = signIngestBody(previous, body, nowSec);
    const rotating = deriveServiceKeys(secret, previous).ingest;
    expect(verifyIngestSignature(oldSignature, body, rotating.accepted, now, tolerance).ok).toBe(true);
    // The ring's bytes are the secret's: a shop signing with the string and the ring agree.
    expect(signIngestBody(rotating.current, body, nowSec)).toBe(signIngestBody(secret, body, nowSec));
    const rotated = deriveServiceKeys(secret).ingest;
    expect(verifyIngestSignature(oldSignature, body, rotated.accepted, now, tolerance)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});

// The sealing itself (tampering, rotation, purpose binding, old formats) is tested in link-token.test.ts.
describe('reply link tokens', () => {
  const claims = { promptKey: 'order:o-1/shipment.stalled/1', expiresAt: Math.floor(now / 1000) + 86_400 };

  it('round-trips its claims', () => {
    expect(verifyReplyToken(linkKeys, createReplyToken(linkKeys, claims), now)).toEqual({ ok: true, claims });
  });

  it('refuses a tampered token', () => {
    const token = createReplyToken(linkKeys, claims);
    const forged = createReplyToken(deriveServiceKeys('other-secret').replyLinks, claims);
    expect(verifyReplyToken(linkKeys, forged, now)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyReplyToken(deriveServiceKeys('other-secret').replyLinks, token, now)).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });

  it('refuses an expired token and malformed ones', () => {
    const token = createReplyToken(linkKeys, claims);
    expect(verifyReplyToken(linkKeys, token, (claims.expiresAt + 1) * 1000)).toEqual({
      ok: false,
      reason: 'expired',
      claims,
    });
    expect(verifyReplyToken(linkKeys, 'abc', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyReplyToken(linkKeys, 'a.b.c', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});

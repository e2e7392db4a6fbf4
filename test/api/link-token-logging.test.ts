import { maskLinkTokens } from '../../api/observability/mask-link-tokens';
import { claimNotification } from '../../db/repositories/outbox';
import { createReplyToken } from '../../security/reply-token';
import { createUnsubscribeToken } from '../../security/unsubscribe-token';
import { claim } from '../db/helpers/rows';
import { type ApiFixture, KEYS, openApiFixture } from './helpers/api-fixture';

describe('link tokens never reach a log line', () => {
  it('masks tokens in paths, URLs, messages and URL-encoded copies, and leaves other paths alone', () => {
    expect(maskLinkTokens('/v1/reply/v2.abc-DEF_123?choice=1')).toBe('/v1/reply/[token]?choice=1');
    expect(maskLinkTokens('Route GET:/v1/unsubscribe/v2.abc/extra not found')).toBe(
      'Route GET:/v1/unsubscribe/[token]/extra not found',
    );
    expect(maskLinkTokens('"url":"https://n.example/v1/reply/v2.abc"')).toBe(
      '"url":"https://n.example/v1/reply/[token]"',
    );
    // Encoded, the rest of the URL goes too: masking a little more is the safe side.
    expect(maskLinkTokens('/go?to=https%3A%2F%2Fn.example%2Fv1%2Freply%2Fv2.abc%3Fchoice%3D1&x=1')).toBe(
      '/go?to=https%3A%2F%2Fn.example%2Fv1%2Freply%2F[token]&x=1',
    );
    expect(maskLinkTokens('/v1/unsubscribe/v2.a%20b')).toBe('/v1/unsubscribe/[token]');
    expect(maskLinkTokens('/v1/events and /v1/twilio/inbound')).toBe('/v1/events and /v1/twilio/inbound');
  });

  describe('through the real API and its logger', () => {
    let fx: ApiFixture;
    beforeAll(async () => {
      fx = await openApiFixture();
    });
    afterAll(() => fx.close());

    it('masks them in request lines, fastify 404 and error lines, and handler lines', async () => {
      const expiresAt = Math.floor(fx.now.getTime() / 1000) + 86_400;
      await claimNotification(
        fx.database.db,
        claim({
          idempotencyKey: 'order:o-1/shipment.stalled/1',
          channel: 'email',
          address: 'zoe@example.com',
          replyExpiresAt: new Date(fx.now.getTime() + 3600_000),
        }),
      );
      const reply = createReplyToken(KEYS.replyLinks, { promptKey: 'order:o-1/shipment.stalled/1', expiresAt });
      const unsubscribe = createUnsubscribeToken(KEYS.unsubscribeLinks, {
        notificationKey: 'order:o-1/shipment.stalled/1',
        expiresAt,
      });
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      await fx.request({ method: 'GET', url: `/v1/reply/${reply}?choice=1` });
      await fx.request({ method: 'POST', url: `/v1/reply/${reply}`, headers: form, payload: 'choice=9' });
      await fx.request({ method: 'GET', url: `/v1/unsubscribe/${unsubscribe}` });
      await fx.request({ method: 'POST', url: `/v1/unsubscribe/${unsubscribe}`, headers: form, payload: 'x=1' });
      // Routes that do not exist: fastify writes the URL into its own message.
      await fx.request({ method: 'GET', url: `/v1/reply/${reply}/more` });
      await fx.request({ method: 'GET', url: `/v1/unknown?next=%2Fv1%2Funsubscribe%2F${unsubscribe}` });
      // A body fastify cannot parse: its error line.
      await fx.request({
        method: 'POST',
        url: `/v1/reply/${reply}`,
        headers: { 'content-type': 'image/png' },
        payload: 'x',
      });

      const lines = fx.logLines.join('\n');
      expect(lines).toContain('/v1/reply/[token]');
      expect(lines).toContain('/v1/unsubscribe/[token]');
      expect(lines).toContain('not found');
      for (const token of [reply, unsubscribe]) {
        expect(lines).not.toContain(token.slice(3, 24));
      }
    });
  });
});

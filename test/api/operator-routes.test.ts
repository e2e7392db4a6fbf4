import { operatorSigningPayload, signOperatorRequest } from '../../api/routes/operator/operator-signature';
import { ServiceCallError, serviceLink } from '../../client/service-link';
import type { ChannelOptState } from '../../client/customers/opt-change';
import { latestOptChange } from '../../db/repositories/consent';
import { upsertCustomer } from '../../db/repositories/customers';
import { signIngestBody } from '../../security/ingest-signature';
import { deriveServiceKeys } from '../../security/keys';
import { type ApiFixture, INGEST_SECRET, openApiFixture } from './helpers/api-fixture';

/**
 * `/v1/operator/…` (issue 7): what `notify customer` and `notify campaign` do while `notify start` holds embedded
 * PGlite. Every route is behind a signature over method, path, query and body, made with the operator key (HKDF of
 * the ingest secret).
 */
describe('operator routes', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());
  beforeEach(async () => {
    await fx.database.clear();
    fx.now = new Date(); // the service link signs with the wall clock
    await upsertCustomer(fx.database.db, {
      id: 'c-1',
      name: 'Dana',
      phone: '+12125550123',
      email: 'dana@example.com',
      locale: 'en',
      timezone: 'America/New_York',
      preferredChannel: 'sms',
      at: fx.now,
    });
  });

  const smsOptOut = () => latestOptChange(fx.database.db, { channel: 'sms', address: '+12125550123' });

  function signed(method: 'GET' | 'POST', url: string, body = '', secret = INGEST_SECRET): Record<string, string> {
    const signature = signOperatorRequest(
      deriveServiceKeys(secret).operator,
      { method, pathAndQuery: url, body },
      Math.floor(fx.now.getTime() / 1000),
    );
    return { 'x-notify-signature': signature, ...(body ? { 'content-type': 'application/json' } : {}) };
  }

  it('refuses an unsigned, wrongly signed or re-aimed call with 401 and changes nothing', async () => {
    const url = '/v1/operator/customers/c-1/optout';
    const body = JSON.stringify({ channel: 'sms' });
    const unsigned = await fx.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json()).toEqual({ error: 'signature missing' });

    const wrongSecret = signed('POST', url, body, 'another-secret-0123456789abcdef');
    expect((await fx.request({ method: 'POST', url, headers: wrongSecret, payload: body })).statusCode).toBe(401);

    // A signed opt-in cannot be replayed as an opt-out: the path is part of what is signed.
    const optinSignature = signed('POST', '/v1/operator/customers/c-1/optin', body);
    expect((await fx.request({ method: 'POST', url, headers: optinSignature, payload: body })).statusCode).toBe(401);

    // Nor can a signed listing be widened by changing its query.
    const listing = signed('GET', '/v1/operator/outbox?limit=1');
    const widened = await fx.request({ method: 'GET', url: '/v1/operator/outbox?limit=500', headers: listing });
    expect(widened.statusCode).toBe(401);
    expect((await fx.request({ method: 'GET', url: '/v1/operator/campaigns' })).statusCode).toBe(401);

    expect(await smsOptOut()).toBeUndefined();
  });

  it('refuses a call signed with the bare ingest secret: operator calls need the operator key', async () => {
    const url = '/v1/operator/campaigns';
    const eventStyle = signIngestBody(
      INGEST_SECRET,
      operatorSigningPayload('GET', url, ''),
      Math.floor(fx.now.getTime() / 1000),
    );
    const answer = await fx.request({ method: 'GET', url, headers: { 'x-notify-signature': eventStyle } });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ error: 'signature mismatch' });
    expect((await fx.request({ method: 'GET', url, headers: signed('GET', url) })).statusCode).toBe(200);
  });

  it('performs a signed call with the CLI operations, and sends operator mistakes back as typed errors', async () => {
    const link = serviceLink(fx.baseUrl, INGEST_SECRET, 'the test API');
    const answer = await link.call<{ customerId: string; channels: ChannelOptState[] }>(
      'POST',
      '/customers/c-1/optout',
      { channel: 'sms', reason: 'asked by phone' },
    );
    expect(answer.channels[0]).toEqual(
      expect.objectContaining({ channel: 'sms', address: '+12*****0123', optedOut: true, source: 'cli' }),
    );
    expect(await smsOptOut()).toEqual(expect.objectContaining({ kind: 'opt_out', source: 'cli' }));

    await expect(link.call('POST', '/customers/c-404/optout', {})).rejects.toEqual(
      new ServiceCallError(422, { error: 'no customer c-404', kind: 'opt_change' }),
    );
    await expect(link.call('GET', '/campaigns/nope/status')).rejects.toMatchObject({
      status: 404,
      body: { kind: 'campaign', code: 'not_found' },
    });
    expect(await link.call('GET', '/campaigns')).toEqual({ campaigns: [] });
    const outbox = await link.call<{ entries: unknown[] }>('GET', '/outbox?limit=5&customer=c-1');
    expect(outbox).toEqual({ entries: [] });
  });
});

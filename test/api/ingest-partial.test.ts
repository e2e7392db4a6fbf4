import { hasConsent } from '../../db/repositories/consent';
import { getCustomer } from '../../db/repositories/customers';
import { getIngestEvent } from '../../db/repositories/event-log';
import { type ApiFixture, customerEvent, openApiFixture, signedEventHeaders } from './helpers/api-fixture';

interface EventsAnswer {
  results: { id: string | null; status: string; warnings?: { field: string; reason: string }[] }[];
}

describe('POST /v1/events: a customer record with an unusable optional field (reliability.md 16)', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
  });

  const post = async (events: unknown[]) => {
    const body = JSON.stringify({ events });
    const answer = await fx.request({
      method: 'POST',
      url: '/v1/events',
      payload: body,
      headers: signedEventHeaders(body, fx.now),
    });
    expect(answer.statusCode).toBe(202);
    return answer.json<EventsAnswer>().results;
  };

  it('accepts it with a warning, keeps the stored phone, and applies the rest (email, locale, zone, revocation)', async () => {
    const first = customerEvent('e-1', 'c-1', '+8613800138000');
    await post([{ ...first, data: { ...(first.data as object), consents: { marketing: true } } }]);
    expect(await hasConsent(fx.database.db, { customerId: 'c-1', purposeClass: 'marketing', channel: 'email' })).toBe(
      true,
    );

    const update = customerEvent('e-2', 'c-1', '+447700900123', 'en-GB');
    const changed = {
      ...update,
      occurredAt: '2026-03-03T09:00:00+08:00',
      data: { ...(update.data as object), email: 'fang.wang@example.com', timezone: 'Europe/London' },
    };
    expect(await post([changed])).toEqual([
      {
        id: 'e-2',
        status: 'accepted',
        warnings: [{ field: 'data.phone', reason: expect.stringContaining('not a valid number for the country code') }],
      },
    ]);
    expect(await getCustomer(fx.database.db, 'c-1')).toMatchObject({
      phone: '+8613800138000', // the sender meant to set a phone, not to clear the good one
      email: 'fang.wang@example.com',
      locale: 'en-GB',
      timezone: 'Europe/London',
    });
    expect(await hasConsent(fx.database.db, { customerId: 'c-1', purposeClass: 'marketing', channel: 'email' })).toBe(
      false,
    );
    // Staff can see why the phone was not taken.
    expect((await getIngestEvent(fx.database.db, 'e-2'))?.warnings).toEqual([
      { field: 'data.phone', reason: expect.stringContaining('E.164') },
    ]);
  });

  it('stores a new customer without the unusable phone, and a later record without a phone still clears it', async () => {
    const fresh = customerEvent('e-3', 'c-2', '+447700900123');
    expect((await post([fresh]))[0]).toMatchObject({ status: 'accepted', warnings: [{ field: 'data.phone' }] });
    expect(await getCustomer(fx.database.db, 'c-2')).toMatchObject({ phone: null, email: 'wangfang@example.com' });

    await post([{ ...customerEvent('e-4', 'c-2', '+8613800138000'), occurredAt: '2026-03-02T10:00:00+08:00' }]);
    const cleared = customerEvent('e-5', 'c-2', '');
    const { phone: _left, ...withoutPhone } = cleared.data as Record<string, unknown>;
    expect(await post([{ ...cleared, occurredAt: '2026-03-02T11:00:00+08:00', data: withoutPhone }])).toEqual([
      { id: 'e-5', status: 'accepted' },
    ]);
    expect(await getCustomer(fx.database.db, 'c-2')).toMatchObject({ phone: null });
  });
});

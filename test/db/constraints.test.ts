import { isCheckViolation, isUniqueViolation, violatedConstraint } from '../../db/errors';
import { markNotificationSent } from '../../db/repositories/outbox';
import { claimNotification } from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { claim, rejectionOf } from './helpers/rows';
import { at } from './helpers/times';

/**
 * The constraints that make "nothing twice" hold even when application code is wrong: these insert duplicates
 * directly, bypassing the repositories' ON CONFLICT handling, and expect the database itself to refuse them.
 */
describe.each(BACKENDS)('database constraints on %s', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  function expectUnique(err: unknown, constraint: string): void {
    expect(isUniqueViolation(err)).toBe(true);
    expect(violatedConstraint(err)).toBe(constraint);
  }

  it('refuses a second ingest event with the same event id', async () => {
    const event = {
      event_id: 'evt-1',
      type: 'shipment.scan',
      occurred_at: at(0),
      received_at: at(1),
      payload: JSON.stringify({ orderId: 'o-1' }),
      order_id: 'o-1',
      shipment_id: 's-1',
      ticket_id: null,
      customer_id: null,
      source: 'api',
    };
    await t.db.insertInto('ingest_events').values(event).execute();
    const err = await rejectionOf(
      t.db
        .insertInto('ingest_events')
        .values({ ...event, type: 'shipment.delivered' })
        .execute(),
    );
    expectUnique(err, 'ingest_events_pkey');
  });

  it('refuses a second outbox row with the same idempotency key', async () => {
    await claimNotification(t.db, claim());
    const row = {
      idempotency_key: claim().idempotencyKey,
      workflow_id: 'order:o-1',
      purpose: 'shipment.stalled',
      customer_id: 'c-1',
      channel: 'email',
      address: 'someone@example.com',
      template: 'shipment.stalled',
      variant: null,
      locale: 'en',
      subject: null,
      body: null,
      message_class: 'transactional',
      status: 'claimed' as const,
      claimed_at: at(5),
    };
    expectUnique(await rejectionOf(t.db.insertInto('notifications').values(row).execute()), 'notifications_pkey');
  });

  it('refuses one provider message id on two notifications, but allows many rows without one', async () => {
    await claimNotification(t.db, claim({ idempotencyKey: 'k/1' }));
    await claimNotification(t.db, claim({ idempotencyKey: 'k/2' }));
    await claimNotification(t.db, claim({ idempotencyKey: 'k/3' }));
    await markNotificationSent(t.db, 'k/1', {
      provider: 'twilio',
      providerMessageId: 'SM1',
      status: 'queued',
      at: at(1),
    });

    const err = await rejectionOf(
      markNotificationSent(t.db, 'k/2', { provider: 'twilio', providerMessageId: 'SM1', status: 'queued', at: at(2) }),
    );

    expectUnique(err, 'notifications_provider_message_id_key');
    const withoutId = await t.db
      .selectFrom('notifications')
      .select('idempotency_key')
      .where('provider_message_id', 'is', null)
      .execute();
    expect(withoutId.map((r) => r.idempotency_key).sort()).toEqual(['k/2', 'k/3']);
  });

  it('refuses a customer twice in one campaign, but not in two campaigns', async () => {
    for (const id of ['camp-1', 'camp-2']) {
      await t.db
        .insertInto('campaigns')
        .values({
          id,
          name: id,
          template: 'campaign',
          message_class: 'marketing',
          channel: null,
          definition: JSON.stringify({ audience: { sku: 'FAN-1' } }),
          starts_at: null,
        })
        .execute();
    }
    const recipient = { campaign_id: 'camp-1', customer_id: 'c-1', variant: 'a' };
    await t.db.insertInto('campaign_recipients').values(recipient).execute();
    await t.db
      .insertInto('campaign_recipients')
      .values({ ...recipient, campaign_id: 'camp-2' })
      .execute();

    const err = await rejectionOf(
      t.db
        .insertInto('campaign_recipients')
        .values({ ...recipient, variant: 'b' })
        .execute(),
    );
    expectUnique(err, 'campaign_recipients_pkey');
  });

  it('refuses a second survey response to one prompt, and a score outside 1–5', async () => {
    const response = {
      prompt_key: 'ticket:t-1/ticket.checkin/1',
      ticket_id: 't-1',
      order_id: null,
      customer_id: 'c-1',
      score: 4,
      channel: 'sms',
      inbound_message_id: null,
      responded_at: at(0),
    };
    await t.db.insertInto('survey_responses').values(response).execute();

    const duplicate = await rejectionOf(
      t.db
        .insertInto('survey_responses')
        .values({ ...response, score: 1 })
        .execute(),
    );
    expectUnique(duplicate, 'survey_responses_pkey');

    for (const score of [0, 6]) {
      const err = await rejectionOf(
        t.db
          .insertInto('survey_responses')
          .values({ ...response, prompt_key: `p/${score}`, score })
          .execute(),
      );
      expect(isCheckViolation(err)).toBe(true);
    }
  });

  it('refuses duplicate delivery callbacks, inbound webhook retries and replayed scans', async () => {
    const callback = {
      provider: 'twilio',
      provider_message_id: 'SM1',
      notification_key: null,
      status: 'delivered' as const,
      error_code: null,
      payload: null,
      received_at: at(0),
    };
    await t.db.insertInto('delivery_events').values(callback).execute();
    expectUnique(
      await rejectionOf(t.db.insertInto('delivery_events').values(callback).execute()),
      'delivery_events_dedupe_key',
    );

    const inbound = {
      provider: 'twilio',
      provider_message_id: 'SMin1',
      from_address: '+8613800138000',
      to_address: '+15005550006',
      body: '1',
      received_at: at(0),
      customer_id: null,
    };
    await t.db.insertInto('inbound_messages').values(inbound).execute();
    expectUnique(
      await rejectionOf(t.db.insertInto('inbound_messages').values(inbound).execute()),
      'inbound_messages_provider_message_key',
    );

    const scan = { shipment_id: 's-1', event_id: 'evt-9', status: 'in_transit', occurred_at: at(0) };
    await t.db.insertInto('shipment_progress').values(scan).execute();
    expectUnique(
      await rejectionOf(t.db.insertInto('shipment_progress').values(scan).execute()),
      'shipment_progress_event_id_key',
    );
  });

  it('refuses a suppressed notification without a reason, and an opt-out without an address', async () => {
    const err = await rejectionOf(
      t.db
        .insertInto('notifications')
        .values({
          idempotency_key: 'k/suppressed',
          workflow_id: 'order:o-1',
          purpose: 'usage.guide',
          customer_id: 'c-1',
          channel: 'sms',
          address: null,
          template: 'usage.guide',
          variant: null,
          locale: null,
          subject: null,
          body: null,
          message_class: 'service',
          status: 'suppressed',
          refusal_reason: null,
          claimed_at: at(0),
        })
        .execute(),
    );
    expect(violatedConstraint(err)).toBe('notifications_suppressed_has_reason');

    const optOut = await rejectionOf(
      t.db
        .insertInto('consent_events')
        .values({
          customer_id: 'c-1',
          address: null,
          channel: 'sms',
          kind: 'opt_out',
          purpose_class: null,
          source: 'api',
          keyword: null,
          at: at(0),
        })
        .execute(),
    );
    expect(violatedConstraint(optOut)).toBe('consent_events_opt_has_address');
  });
});

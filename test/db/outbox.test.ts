import type { DeliveryStatus } from '../../db/tables/delivery-events';
import { recordDeliveryEvent } from '../../db/repositories/delivery-events';
import {
  claimNotification,
  countRecentNotifications,
  findOpenPrompt,
  foldDeliveryStatus,
  getNotification,
  markNotificationSent,
  recordProviderAcceptance,
  recordRefusal,
  suppressClaimedNotification,
} from '../../db/repositories/outbox';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { claim } from './helpers/rows';
import { at } from './helpers/times';

const KEY = claim().idempotencyKey;
const twilio = (providerMessageId: string) => ({ provider: 'twilio', providerMessageId });

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe.each(BACKENDS)('the outbox on %s', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clear());

  describe('claiming', () => {
    it('inserts the row once; a retry gets the first attempt’s row back, unchanged', async () => {
      const first = await claimNotification(t.db, claim());
      const retry = await claimNotification(t.db, claim({ body: 'a different rendering', claimedAt: at(3) }));

      expect(first.claimed).toBe(true);
      expect(first.notification).toEqual({
        idempotency_key: KEY,
        status: 'claimed',
        refusal_reason: null,
        channel: claim().channel,
        address: claim().address,
        body: claim().body,
        purpose: claim().purpose,
        message_class: claim().messageClass,
        customer_id: claim().customerId,
        claimed_at: claim().claimedAt,
        completed_parts: [],
      });
      expect(retry.claimed).toBe(false);
      // The retry reads the whole row, which is the first attempt's claim.
      expect(retry.notification).toMatchObject({ ...first.notification, status_rank: 0 });
    });

    it('lets a retry after a successful send see the provider result instead of sending again', async () => {
      await claimNotification(t.db, claim());
      await markNotificationSent(t.db, KEY, { ...twilio('SM1'), status: 'queued', at: at(1) });

      const retry = await claimNotification(t.db, claim());

      expect(retry.claimed).toBe(false);
      expect(retry.notification).toMatchObject({
        status: 'queued',
        provider: 'twilio',
        provider_message_id: 'SM1',
        sent_at: at(1),
      });
    });

    it('records a refusal with its reason under the key, and a later claim finds the refusal', async () => {
      const refused = await recordRefusal(t.db, claim(), 'opted_out');
      const retry = await claimNotification(t.db, claim());

      expect(refused).toMatchObject({
        claimed: true,
        notification: { status: 'suppressed', refusal_reason: 'opted_out' },
      });
      expect(retry).toMatchObject({
        claimed: false,
        notification: { status: 'suppressed', refusal_reason: 'opted_out' },
      });
    });

    it('withdraws a message only while it is still merely claimed', async () => {
      await claimNotification(t.db, claim({ idempotencyKey: 'k/waiting' }));
      await claimNotification(t.db, claim({ idempotencyKey: 'k/gone' }));
      await markNotificationSent(t.db, 'k/gone', { ...twilio('SM2'), status: 'sent', at: at(1) });

      const withdraw = { reason: 'not_relevant', at: at(60) };
      expect(await suppressClaimedNotification(t.db, 'k/waiting', withdraw)).toBe(true);
      expect(await suppressClaimedNotification(t.db, 'k/gone', withdraw)).toBe(false);
      expect(await getNotification(t.db, 'k/waiting')).toMatchObject({
        status: 'suppressed',
        refusal_reason: 'not_relevant',
      });
      expect(await getNotification(t.db, 'k/gone')).toMatchObject({ status: 'sent', refusal_reason: null });
    });
  });

  describe('folding delivery status', () => {
    it.each(permutations<DeliveryStatus>(['queued', 'sent', 'delivered']).map((order) => [order.join(' → '), order]))(
      'ends delivered whatever the callback order: %s',
      async (_name, order) => {
        await claimNotification(t.db, claim());
        await markNotificationSent(t.db, KEY, { ...twilio('SM1'), status: 'queued', at: at(1) });
        for (const [i, status] of order.entries()) {
          await foldDeliveryStatus(t.db, twilio('SM1'), { status, at: at(2 + i) });
        }
        const row = await getNotification(t.db, KEY);
        expect(row).toMatchObject({ status: 'delivered', status_rank: 3 });
        expect(row?.delivered_at).toEqual(at(2 + order.indexOf('delivered')));
      },
    );

    it('does not let a late "sent" overwrite "delivered", and says it did not apply', async () => {
      await claimNotification(t.db, claim());
      await markNotificationSent(t.db, KEY, { ...twilio('SM1'), status: 'queued', at: at(1) });
      const delivered = await foldDeliveryStatus(t.db, { idempotencyKey: KEY }, { status: 'delivered', at: at(3) });
      const late = await foldDeliveryStatus(t.db, { idempotencyKey: KEY }, { status: 'sent', at: at(4) });

      expect(delivered.applied).toBe(true);
      expect(late.applied).toBe(false);
      expect(late.notification).toMatchObject({ status: 'delivered', updated_at: at(3) });
    });

    it('keeps the first terminal outcome: failed stays failed, undelivered stays undelivered', async () => {
      for (const [key, first, second] of [
        ['k/failed', 'failed', 'delivered'],
        ['k/undelivered', 'undelivered', 'failed'],
      ] as const) {
        await claimNotification(t.db, claim({ idempotencyKey: key }));
        const one = await foldDeliveryStatus(
          t.db,
          { idempotencyKey: key },
          { status: first, errorCode: '30003', errorMessage: 'unreachable', at: at(5) },
        );
        const two = await foldDeliveryStatus(
          t.db,
          { idempotencyKey: key },
          { status: second, errorCode: 'x', at: at(6) },
        );
        expect(one.applied).toBe(true);
        expect(two.applied).toBe(false);
        expect(await getNotification(t.db, key)).toMatchObject({
          status: first,
          error_code: '30003',
          error_message: 'unreachable',
          failed_at: at(5),
          delivered_at: null,
        });
      }
    });

    it('applies a duplicated callback once', async () => {
      await claimNotification(t.db, claim());
      await markNotificationSent(t.db, KEY, { ...twilio('SM1'), status: 'queued', at: at(1) });
      const results = [];
      for (let i = 0; i < 3; i++)
        results.push(await foldDeliveryStatus(t.db, twilio('SM1'), { status: 'sent', at: at(2) }));
      expect(results.map((r) => r.applied)).toEqual([true, false, false]);
    });

    it('reports an unknown message as not applied, with no row', async () => {
      expect(await foldDeliveryStatus(t.db, twilio('SM-unknown'), { status: 'delivered', at: at(1) })).toEqual({
        applied: false,
        notification: undefined,
      });
    });

    it('folds in callbacks that arrived before the provider id was recorded', async () => {
      await claimNotification(t.db, claim());
      // The provider's "delivered" beats the activity's own write of the provider id.
      const callback = {
        ...twilio('SM7'),
        notificationKey: null,
        errorCode: null,
        payload: { MessageStatus: 'delivered' },
        receivedAt: at(2),
      };
      await recordDeliveryEvent(t.db, { ...callback, status: 'delivered' });
      expect((await foldDeliveryStatus(t.db, twilio('SM7'), { status: 'delivered', at: at(2) })).applied).toBe(false);

      const row = await markNotificationSent(t.db, KEY, { ...twilio('SM7'), status: 'queued', at: at(3) });

      expect(row).toMatchObject({ status: 'delivered', provider_message_id: 'SM7', delivered_at: at(2) });
    });

    it('records the provider id without rewinding a status a keyed callback already set', async () => {
      await claimNotification(t.db, claim());
      await foldDeliveryStatus(t.db, { idempotencyKey: KEY }, { status: 'delivered', at: at(2) });

      const row = await markNotificationSent(t.db, KEY, { ...twilio('SM8'), status: 'queued', at: at(3) });

      expect(row).toMatchObject({ status: 'delivered', provider_message_id: 'SM8' });
    });

    it('records an acceptance without reading the row back, folding a callback that beat it', async () => {
      await claimNotification(t.db, claim());
      await recordDeliveryEvent(t.db, {
        ...twilio('SM6'),
        notificationKey: null,
        status: 'sent',
        errorCode: null,
        payload: { MessageStatus: 'sent' },
        receivedAt: at(2),
      });

      expect(await recordProviderAcceptance(t.db, KEY, { ...twilio('SM6'), status: 'queued', at: at(3) })).toBe(true);
      expect(await recordProviderAcceptance(t.db, 'k/none', { ...twilio('SM5'), status: 'sent', at: at(3) })).toBe(
        false,
      );
      // The acceptance said `queued`; the earlier callback's `sent` is where the row ends.
      expect(await getNotification(t.db, KEY)).toMatchObject({
        status: 'sent',
        provider_message_id: 'SM6',
        attempt_token: null,
      });
    });

    it('returns undefined when marking a key that was never claimed', async () => {
      expect(
        await markNotificationSent(t.db, 'k/none', { ...twilio('SM9'), status: 'sent', at: at(1) }),
      ).toBeUndefined();
    });
  });

  describe('frequency caps', () => {
    it('counts a customer’s messages of one class since an instant, leaving out refusals and failures', async () => {
      const c = (key: string, minutes: number, extra: Parameters<typeof claim>[0] = {}) =>
        claim({ idempotencyKey: key, messageClass: 'marketing', claimedAt: at(minutes), ...extra });
      await claimNotification(t.db, c('k/old', -10)); // before the window
      await claimNotification(t.db, c('k/edge', 0)); // exactly at the start: counts
      await claimNotification(t.db, c('k/sent', 5));
      await markNotificationSent(t.db, 'k/sent', { ...twilio('SM1'), status: 'sent', at: at(5) });
      await claimNotification(t.db, c('k/failed', 6));
      await foldDeliveryStatus(t.db, { idempotencyKey: 'k/failed' }, { status: 'failed', at: at(7) });
      await recordRefusal(t.db, c('k/capped', 8), 'capped');
      await claimNotification(t.db, c('k/service', 9, { messageClass: 'service' }));
      await claimNotification(t.db, c('k/other', 9, { customerId: 'c-2' }));

      const query = { customerId: 'c-1', messageClass: 'marketing', since: at(0) };
      expect(await countRecentNotifications(t.db, query)).toBe(2);
      expect(await countRecentNotifications(t.db, { ...query, excludeKey: 'k/sent' })).toBe(1);
      expect(await countRecentNotifications(t.db, { ...query, since: at(-60) })).toBe(3);
      expect(await countRecentNotifications(t.db, { ...query, customerId: 'c-3' })).toBe(0);
    });
  });

  describe('reply routing', () => {
    it('finds the latest unexpired prompt to a phone, ignoring expired, failed and other numbers’ prompts', async () => {
      const phone = '+8613800138000';
      const prompt = (key: string, sentAt: number, expiresAt: number, address = phone) =>
        claim({
          idempotencyKey: key,
          workflowId: key.split('/')[0],
          address,
          claimedAt: at(sentAt),
          replyExpiresAt: at(expiresAt),
        });
      await claimNotification(t.db, prompt('order:o-old/shipment.stalled/1', 0, 60));
      await claimNotification(t.db, prompt('order:o-2/shipment.stalled/1', 10, 24 * 60));
      await claimNotification(t.db, prompt('order:o-3/shipment.stalled/1', 20, 24 * 60));
      await foldDeliveryStatus(
        t.db,
        { idempotencyKey: 'order:o-3/shipment.stalled/1' },
        { status: 'failed', at: at(21) },
      );
      await claimNotification(t.db, prompt('order:o-4/shipment.stalled/1', 30, 24 * 60, '+8613900139000'));
      await claimNotification(
        t.db,
        claim({ idempotencyKey: 'order:o-5/reply.ack/1', address: phone, claimedAt: at(40) }),
      );

      expect((await findOpenPrompt(t.db, { address: phone, at: at(90) }))?.workflow_id).toBe('order:o-2');
      expect((await findOpenPrompt(t.db, { address: phone, at: at(5) }))?.workflow_id).toBe('order:o-old');
      expect(await findOpenPrompt(t.db, { address: phone, at: at(24 * 60 + 10) })).toBeUndefined();
    });
  });
});

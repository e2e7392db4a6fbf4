import { getCustomer, upsertCustomer } from '../../db/repositories/customers';
import { markContactInvalid } from '../../db/repositories/contact-validity';
import { hasConsent, isOptedOut, recordConsent, recordOptIn, recordOptOut } from '../../db/repositories/consent';
import {
  claimNotification,
  countRecentNotifications,
  getNotification,
  markPartDone,
  recordRefusal,
  releaseClaim,
  takeOverClaim,
} from '../../db/repositories/outbox';
import { loadSendContext } from '../../db/repositories/send-context';
import { BACKENDS, openTestDatabase, type TestDatabase } from './helpers/backends';
import { claim } from './helpers/rows';
import { at } from './helpers/times';

const PHONE = '+8613800138000';
const EMAIL = 'zhang.wei@example.com';

describe.each(BACKENDS)('the send path’s data on %s', (backend) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    await t.clear();
    await upsertCustomer(t.db, {
      id: 'c-1',
      name: '张伟',
      phone: PHONE,
      email: EMAIL,
      locale: 'zh-CN',
      timezone: 'Asia/Shanghai',
      preferredChannel: 'sms',
      at: at(-60),
    });
  });

  describe('loadSendContext, one query for the whole decision', () => {
    const query = (asOf = at(100)) => ({
      customerId: 'c-1',
      key: 'order:o-1/reply.ack/9',
      asOf,
      needsConsent: true,
      cap: { messageClass: 'marketing', since: at(-10) },
    });

    it('is undefined for an unknown customer', async () => {
      expect(await loadSendContext(t.db, { ...query(), customerId: 'c-404' })).toBeUndefined();
    });

    it('agrees with the single-purpose lookups on opt-outs, consent, caps and the earlier status', async () => {
      await recordOptOut(t.db, { channel: 'sms', address: PHONE, source: 'sms_keyword', keyword: 'STOP', at: at(0) });
      await recordOptIn(t.db, { channel: 'sms', address: PHONE, source: 'sms_keyword', keyword: 'START', at: at(50) });
      await recordOptOut(t.db, { channel: 'email', address: EMAIL.toUpperCase(), source: 'api', at: at(10) });
      await recordConsent(t.db, {
        customerId: 'c-1',
        purposeClass: 'marketing',
        granted: true,
        source: 'api',
        at: at(0),
      });
      await recordConsent(t.db, {
        customerId: 'c-1',
        purposeClass: 'marketing',
        channel: 'email',
        granted: false,
        source: 'api',
        at: at(5),
      });
      for (const n of [1, 2, 3]) {
        await claimNotification(t.db, claim({ idempotencyKey: `campaign:x/campaign/${n}`, messageClass: 'marketing' }));
      }
      await recordRefusal(t.db, claim({ idempotencyKey: 'campaign:x/campaign/4', messageClass: 'marketing' }), 'x');
      await claimNotification(t.db, claim({ idempotencyKey: query().key, messageClass: 'marketing' }));

      for (const asOf of [at(-5), at(7), at(20), at(100)]) {
        const context = await loadSendContext(t.db, query(asOf));
        const expected = {
          sms: {
            optedOut: await isOptedOut(t.db, { channel: 'sms', address: PHONE, asOf }),
            consented: await hasConsent(t.db, { customerId: 'c-1', purposeClass: 'marketing', channel: 'sms', asOf }),
          },
          email: {
            optedOut: await isOptedOut(t.db, { channel: 'email', address: EMAIL, asOf }),
            consented: await hasConsent(t.db, {
              customerId: 'c-1',
              purposeClass: 'marketing',
              channel: 'email',
              asOf,
            }),
          },
          recentCount: await countRecentNotifications(t.db, {
            customerId: 'c-1',
            messageClass: 'marketing',
            since: at(-10),
            excludeKey: query().key,
          }),
        };
        expect(context).toMatchObject({ ...expected, earlierStatus: 'claimed' });
      }
      expect(await loadSendContext(t.db, query(at(100)))).toMatchObject({
        sms: { optedOut: false, consented: true },
        email: { optedOut: true, consented: false },
        recentCount: 3,
      });
    });

    it('skips consent and the cap count when the class needs neither', async () => {
      const context = await loadSendContext(t.db, { ...query(), needsConsent: false, cap: undefined });

      expect(context).toMatchObject({
        customer: { id: 'c-1', phone: PHONE, email: EMAIL, phone_invalid_at: null },
        earlierStatus: null,
        sms: { optedOut: false, consented: true },
        email: { optedOut: false, consented: true },
        recentCount: 0,
      });
      expect(Object.keys(context?.customer ?? {})).not.toContain('sms_opt');
    });
  });

  describe('contact validity', () => {
    it('marks the current phone once, keeps the first reason, and ignores a number the customer no longer has', async () => {
      const mark = (address: string, reason: string, when: number) =>
        markContactInvalid(t.db, { customerId: 'c-1', channel: 'sms', address, reason, at: at(when) });

      expect(await mark('+8613900000000', 'invalid_number', 0)).toBe(false);
      expect(await mark(PHONE, 'unreachable', 1)).toBe(true);
      expect(await mark(PHONE, 'invalid_number', 2)).toBe(false);

      expect(await getCustomer(t.db, 'c-1')).toMatchObject({
        phone_invalid_at: at(1),
        phone_invalid_reason: 'unreachable',
      });
      const context = await loadSendContext(t.db, { customerId: 'c-1', key: 'k', asOf: at(3), needsConsent: false });
      expect(context?.customer).toMatchObject({ phone_invalid_at: at(1) });
    });

    it('clears only the mark of the contact an upsert changes', async () => {
      await markContactInvalid(t.db, { customerId: 'c-1', channel: 'sms', address: PHONE, reason: 'x', at: at(0) });
      await markContactInvalid(t.db, { customerId: 'c-1', channel: 'email', address: EMAIL, reason: 'y', at: at(0) });

      const updated = await upsertCustomer(t.db, {
        id: 'c-1',
        name: '张伟',
        phone: PHONE,
        email: 'new@example.com',
        locale: 'zh-CN',
        timezone: 'Asia/Shanghai',
        preferredChannel: 'sms',
        at: at(5),
      });

      expect(updated).toMatchObject({
        phone_invalid_at: at(0),
        phone_invalid_reason: 'x',
        email_invalid_at: null,
        email_invalid_reason: null,
      });
    });
  });

  describe('attempt leases on claimed rows', () => {
    const lease = (token: string, expiresAt: Date) => ({ token, expiresAt });

    it('lets another attempt take a row over only after the lease ran out or was released', async () => {
      await claimNotification(t.db, claim({ lease: lease('a', at(1)) }));
      const key = claim().idempotencyKey;

      expect(await takeOverClaim(t.db, key, lease('b', at(2)), at(0.5))).toBeUndefined();
      expect(await takeOverClaim(t.db, key, lease('b', at(2)), at(1))).toMatchObject({ attempt_token: 'b' });
      expect(await takeOverClaim(t.db, key, lease('c', at(3)), at(1.5))).toBeUndefined();

      await releaseClaim(t.db, key, 'not-the-holder');
      expect((await getNotification(t.db, key))?.attempt_token).toBe('b');
      await releaseClaim(t.db, key, 'b');
      expect(await takeOverClaim(t.db, key, lease('c', at(3)), at(1.5))).toMatchObject({ attempt_token: 'c' });
    });

    it('never hands out a row that is no longer claimed', async () => {
      await recordRefusal(t.db, claim(), 'opted_out');

      expect(await takeOverClaim(t.db, claim().idempotencyKey, lease('b', at(2)), at(100))).toBeUndefined();
    });

    it('records each completed part once', async () => {
      await claimNotification(t.db, claim());
      const key = claim().idempotencyKey;

      await markPartDone(t.db, key, 'email');
      await markPartDone(t.db, key, 'email');
      await markPartDone(t.db, key, 'webhook');

      expect((await getNotification(t.db, key))?.completed_parts).toEqual(['email', 'webhook']);
    });
  });
});

import { useNotifySuite } from './helpers/notify-suite';
import type { NotifyInput } from '../../domain/activity-contract';
import { latestOptChange } from '../../db/repositories/consent';
import { getCustomer } from '../../db/repositories/customers';
import { getNotification } from '../../db/repositories/outbox';
import { BACKENDS } from '../db/helpers/backends';
import { at, T0 } from '../db/helpers/times';
import { failureOf } from './helpers/failures';
import { EMAIL, PHONE, seedCustomer } from './helpers/seed';

/** `reply.ack` for order o-1001, the n-th: a message with no window, so each call sends at once. */
const ack = (n: number): NotifyInput => ({
  key: `order:o-1001/reply.ack/${n}`,
  workflowId: 'order:o-1001',
  purpose: 'reply.ack',
  customerId: 'c-1',
  context: { orderId: 'o-1001' },
});

describe.each(BACKENDS)('notify: what a permanent provider refusal teaches about the recipient, on %s', (backend) => {
  const s = useNotifySuite(backend, { seedCustomer: false });

  describe.each([
    ['+15005550001', 'an invalid number (21211)', 'invalid_number', undefined],
    ['+15005550009', 'not a mobile number (21614)', 'unreachable', undefined],
    [PHONE, 'an unknown number at delivery (30005)', 'invalid_number', 30005],
    [PHONE, 'a landline or unreachable carrier (30006)', 'unreachable', 30006],
  ])('after Twilio refuses %s as %s', (phone, _what, reason, scriptedCode) => {
    beforeEach(async () => {
      await seedCustomer(s.t.db, { phone, at: T0 });
      if (scriptedCode !== undefined) {
        s.channels.twilio.failNext({ kind: 'error', status: 400, code: scriptedCode, message: 'Unknown destination' });
      }
      const failure = await failureOf(s.runner.run(s.activities.notify, ack(1)));
      expect(failure.type).toBe(`channel.${reason}`);
    });

    it('marks the phone invalid on the customer, with the reason and the time', async () => {
      expect(await getCustomer(s.t.db, 'c-1')).toMatchObject({
        phone,
        phone_invalid_at: T0,
        phone_invalid_reason: reason,
        email_invalid_at: null,
      });
    });

    it('sends the next message by email, without asking Twilio again', async () => {
      s.clock.advance(60_000);

      const next = await s.runner.run(s.activities.notify, ack(2));

      expect(next).toEqual({ status: 'sent', channel: 'email', notificationKey: ack(2).key });
      expect(s.channels.smtp.messages.map((m) => m.envelopeTo)).toEqual([[EMAIL]]);
      expect(s.creates()).toHaveLength(1);
    });

    it('refuses the next message as phone_invalid when there is no email, and records why', async () => {
      await seedCustomer(s.t.db, { phone, email: null, at: at(1) });

      const next = await s.runner.run(s.activities.notify, ack(2));

      expect(next).toEqual({ status: 'refused', reason: 'phone_invalid', notificationKey: ack(2).key });
      expect(await getNotification(s.t.db, ack(2).key)).toMatchObject({
        status: 'suppressed',
        refusal_reason: 'phone_invalid',
      });
      expect(s.creates()).toHaveLength(1);
    });

    it('tries SMS again once the customer gives a new number', async () => {
      await seedCustomer(s.t.db, { phone: '+14155550199', at: at(1) });
      expect(await getCustomer(s.t.db, 'c-1')).toMatchObject({ phone_invalid_at: null, phone_invalid_reason: null });

      const next = await s.runner.run(s.activities.notify, ack(2));

      expect(next).toMatchObject({ status: 'sent', channel: 'sms' });
      expect(s.channels.twilio.messages.map((m) => m.to)).toEqual(['+14155550199']);
    });
  });

  it('keeps the mark when the customer is updated with the same number', async () => {
    await seedCustomer(s.t.db, { phone: '+15005550001', at: T0 });
    await failureOf(s.runner.run(s.activities.notify, ack(1)));

    await seedCustomer(s.t.db, { phone: '+15005550001', name: '王芳芳', at: at(1) });

    expect(await getCustomer(s.t.db, 'c-1')).toMatchObject({ name: '王芳芳', phone_invalid_reason: 'invalid_number' });
  });

  it('does not mark the phone when Twilio refused the message, not the number (30007 filtered)', async () => {
    await seedCustomer(s.t.db, { at: T0 });
    s.channels.twilio.failNext({ kind: 'error', status: 400, code: 30007, message: 'Message filtered' });

    const failure = await failureOf(s.runner.run(s.activities.notify, ack(1)));

    expect(failure.type).toBe('channel.rejected');
    expect(await getCustomer(s.t.db, 'c-1')).toMatchObject({ phone_invalid_at: null, email_invalid_at: null });
  });

  describe('after Twilio says the recipient opted out with it (21610)', () => {
    beforeEach(async () => {
      await seedCustomer(s.t.db, { phone: '+15005550004', at: T0 });
      const failure = await failureOf(s.runner.run(s.activities.notify, ack(1)));
      expect(failure.type).toBe('channel.opted_out');
    });

    it('records the opt-out in the consent ledger with source provider', async () => {
      expect(await latestOptChange(s.t.db, { channel: 'sms', address: '+15005550004' })).toMatchObject({
        kind: 'opt_out',
        source: 'provider',
        customer_id: 'c-1',
        at: T0,
      });
      // An opt-out is not a dead number.
      expect((await getCustomer(s.t.db, 'c-1'))?.phone_invalid_at).toBeNull();
    });

    it('moves later messages to email, and refuses them as opted_out when there is none', async () => {
      const byEmail = await s.runner.run(s.activities.notify, ack(2));
      await seedCustomer(s.t.db, { phone: '+15005550004', email: null, at: at(1) });
      const refused = await s.runner.run(s.activities.notify, ack(3));

      expect(byEmail).toMatchObject({ status: 'sent', channel: 'email' });
      expect(refused).toEqual({ status: 'refused', reason: 'opted_out', notificationKey: ack(3).key });
      expect(s.creates()).toHaveLength(1);
    });
  });

  describe('after an email hard bounce (550 mailbox unknown)', () => {
    beforeEach(async () => {
      await seedCustomer(s.t.db, { preferredChannel: 'email', at: T0 });
      s.channels.smtp.failNext({ stage: 'rcpt', responseCode: 550, message: '5.1.1 User unknown' });
      const failure = await failureOf(s.runner.run(s.activities.notify, ack(1)));
      expect(failure.type).toBe('channel.mailbox_unavailable');
    });

    it('marks the email invalid and sends the next message by SMS', async () => {
      const next = await s.runner.run(s.activities.notify, ack(2));

      expect(await getCustomer(s.t.db, 'c-1')).toMatchObject({
        email_invalid_at: T0,
        email_invalid_reason: 'mailbox_unavailable',
        phone_invalid_at: null,
      });
      expect(next).toMatchObject({ status: 'sent', channel: 'sms' });
      expect(s.channels.smtp.messages).toHaveLength(0);
    });

    it('refuses as email_invalid when there is no phone either', async () => {
      await seedCustomer(s.t.db, { preferredChannel: 'email', phone: null, at: at(1) });

      const next = await s.runner.run(s.activities.notify, ack(2));

      expect(next).toEqual({ status: 'refused', reason: 'email_invalid', notificationKey: ack(2).key });
    });
  });
});

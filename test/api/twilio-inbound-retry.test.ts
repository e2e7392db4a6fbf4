import { type ConsentWrites, consentLedger } from '../../api/twilio/handle-inbound';
import { isOptedOut } from '../../db/repositories/consent';
import { loadSendContext } from '../../db/repositories/send-context';
import { pickChannel } from '../../domain/channel-choice';
import { type ApiFixture, openApiFixture, twilioRequest } from './helpers/api-fixture';
import { INBOUND_PHONE, openStallPrompt, seedTextingCustomer } from './helpers/inbound';

const PHONE = INBOUND_PHONE;
const INBOUND = '/v1/twilio/inbound';
let sid = 0;
const sms = (body: string) => ({
  MessageSid: `SMretry${String(++sid).padStart(27, '0')}`,
  From: PHONE,
  To: '+15005550006',
  Body: body,
});

/** The ledger, except that the next `failures` writes throw as a dropped database connection would. */
function flakyLedger(): ConsentWrites & { failures: number } {
  const ledger = {
    failures: 0,
    recordOptOut: (...args: Parameters<ConsentWrites['recordOptOut']>) => {
      if (ledger.failures > 0) {
        ledger.failures -= 1;
        return Promise.reject(new Error('connection terminated unexpectedly'));
      }
      return consentLedger.recordOptOut(...args);
    },
    recordOptIn: consentLedger.recordOptIn,
  };
  return ledger;
}

describe('a Twilio webhook retried after its first handling failed (reliability.md 15)', () => {
  let fx: ApiFixture;
  const ledger = flakyLedger();
  beforeAll(async () => {
    fx = await openApiFixture({ consent: ledger });
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
    fx.workflows.calls.length = 0;
    fx.workflows.failingSignals = 0;
    ledger.failures = 0;
    await seedTextingCustomer(fx);
  });

  const inboundRows = () => fx.database.db.selectFrom('inbound_messages').selectAll().execute();
  const confirmations = () =>
    fx.database.db.selectFrom('notifications').selectAll().where('purpose', '=', 'optout.confirm').execute();

  it('records a STOP whose opt-out write failed when Twilio retries it, confirms once, and later SMS are refused', async () => {
    const stop = sms('STOP');
    ledger.failures = 1;
    const first = await fx.request(twilioRequest(INBOUND, stop));
    expect(first.statusCode).toBe(500);
    // Stored, not handled, not opted out: the state the retry must not mistake for a duplicate.
    expect(await inboundRows()).toEqual([expect.objectContaining({ handled_at: null })]);
    expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(false);

    fx.now = new Date(fx.now.getTime() + 15_000); // Twilio retries a little later
    const retried = await fx.request(twilioRequest(INBOUND, stop));
    expect(retried.statusCode).toBe(200);
    expect(retried.body).toContain('您已退订');
    expect(await inboundRows()).toEqual([expect.objectContaining({ handled_as: 'opt_out', body: 'STOP' })]);
    expect(await confirmations()).toHaveLength(1);

    const again = await fx.request(twilioRequest(INBOUND, stop));
    expect(again.body).toMatch(/<Response\/>$/);
    expect(await confirmations()).toHaveLength(1);
    const ledgerRows = await fx.database.db.selectFrom('consent_events').selectAll().execute();
    expect(ledgerRows).toEqual([expect.objectContaining({ kind: 'opt_out', source: 'sms_keyword' })]);

    // The send path's own decision for a later message to this customer: refused, opted out.
    const context = await loadSendContext(fx.database.db, {
      customerId: 'c-1',
      key: 'order:o-9/shipment.late/1',
      asOf: new Date(fx.now.getTime() + 3_600_000),
      needsConsent: false,
    });
    if (!context) throw new Error('customer c-1 is missing');
    const pick = pickChannel(
      { preferred: 'sms', phone: context.customer.phone, email: context.customer.email },
      (channel) => ({ ...context[channel], invalid: false }),
      { needsConsent: false },
    );
    expect(pick).toEqual({ ok: false, reason: 'opted_out' });
  });

  it('confirms on the retry when the first attempt recorded the opt-out but failed before answering', async () => {
    const stop = sms('退订');
    // The ledger write succeeds, then the answer's outbox write fails: the customer never saw a confirmation.
    const realInsert = fx.database.db.insertInto.bind(fx.database.db);
    let failOutbox = true;
    jest.spyOn(fx.database.db, 'insertInto').mockImplementation(((table: 'notifications') => {
      if (table === 'notifications' && failOutbox) {
        failOutbox = false;
        throw new Error('outbox unavailable');
      }
      return realInsert(table);
    }) as typeof fx.database.db.insertInto);
    try {
      expect((await fx.request(twilioRequest(INBOUND, stop))).statusCode).toBe(500);
      expect(await isOptedOut(fx.database.db, { channel: 'sms', address: PHONE })).toBe(true);
      const retried = await fx.request(twilioRequest(INBOUND, stop));
      expect(retried.body).toContain('您已退订');
      expect(await confirmations()).toHaveLength(1);
      expect(await fx.database.db.selectFrom('consent_events').selectAll().execute()).toHaveLength(1);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('routes a menu reply whose signal failed when Twilio retries it, and a handled retry stays a duplicate', async () => {
    const workflowId = 'order:o-1';
    const key = await openStallPrompt(fx, workflowId);
    const reply = sms('1');
    fx.workflows.failingSignals = 1;
    expect((await fx.request(twilioRequest(INBOUND, reply))).statusCode).toBe(500);
    expect(fx.workflows.calls).toHaveLength(0);
    expect(await inboundRows()).toEqual([expect.objectContaining({ handled_at: null })]);

    fx.now = new Date(fx.now.getTime() + 15_000);
    expect((await fx.request(twilioRequest(INBOUND, reply))).statusCode).toBe(200);
    await fx.request(twilioRequest(INBOUND, reply));
    const [row] = await inboundRows();
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({
        kind: 'signal',
        workflowId,
        signal: 'customerReply',
        // The stored copy's id and time, not the retry's arrival: both attempts send the same reply.
        args: [{ inboundId: String(row?.id), promptKey: key, choice: 1, receivedAt: row?.received_at.getTime() }],
      }),
    ]);
    expect(row).toMatchObject({ handled_as: 'reply', matched_workflow_id: workflowId });
    expect(row?.received_at.getTime()).toBe(fx.now.getTime() - 15_000);
  });

  it('keeps a reply for staff when the prompt’s workflow has already finished, instead of failing every retry', async () => {
    await openStallPrompt(fx, 'order:o-2', { running: false });
    expect((await fx.request(twilioRequest(INBOUND, sms('2')))).statusCode).toBe(200);
    expect(await inboundRows()).toEqual([expect.objectContaining({ handled_as: 'unmatched' })]);
  });
});

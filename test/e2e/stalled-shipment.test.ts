import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { OutboxSms } from '../../channels/outbox';
import type { NotificationRow } from '../../db/tables/notifications';
import { signedEventHeaders, twilioRequest } from '../api/helpers/api-fixture';
import { captureLogs } from './helpers/captured-logs';
import { openServiceStack, type ServiceStack } from './helpers/service-stack';

/**
 * Issue 6, done-when: the service end to end. Signed events go in over HTTP, the real worker runs the real order
 * journey on temporal-lite (time skipped over the 48 h without carrier progress), the stall SMS lands in the outbox,
 * the customer answers `1` through a Twilio-signed webhook, and the service chases the courier and says so.
 */

// Monday 2026-03-02 09:00 in Shanghai: the stall (48 h later) falls inside the 08:00–21:00 transactional window.
const START = '2026-03-02T01:00:00Z';
const ZONE = 'Asia/Shanghai';
const PHONE = '+8613812341234';
const EMAIL = 'zoe.wang@example.com';
const NAME = '王芳';
const HOUR = 3_600_000;

const logs = captureLogs();
const suffix = randomUUID().slice(0, 8);
const customerId = `c-e2e-${suffix}`;
const orderId = `o-e2e-${suffix}`;
const shipmentId = `s-e2e-${suffix}`;
const workflowId = `order:${orderId}`;

let stack: ServiceStack;
beforeAll(async () => {
  stack = await openServiceStack({ startTime: START, logs });
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

function envelope(type: string, data: Record<string, unknown>): Record<string, unknown> {
  return { id: `ev-${randomUUID()}`, type, occurredAt: stack.clock.now().toISOString(), data };
}

async function postEvents(events: readonly Record<string, unknown>[]) {
  const body = JSON.stringify({ events });
  const answer = await stack.post('/v1/events', signedEventHeaders(body, stack.clock.now()), body);
  return { status: answer.status, results: (JSON.parse(answer.body) as { results: { status: string }[] }).results };
}

function sentMessage(purpose: string): Promise<NotificationRow | undefined> {
  return stack.database.db
    .selectFrom('notifications')
    .selectAll()
    .where('workflow_id', '=', workflowId)
    .where('purpose', '=', purpose)
    .where('status', '=', 'sent')
    .executeTakeFirst();
}

async function outboxSms(idempotencyKey: string): Promise<OutboxSms | undefined> {
  const records = await stack.outbox.list();
  return records.find((r) => r.channel === 'sms' && r.idempotencyKey === idempotencyKey)?.message as
    OutboxSms | undefined;
}

describe('a stalled shipment, through the API, the worker and a Twilio reply', () => {
  let stalled: NotificationRow;

  it('accepts the signed customer, order and shipment events', async () => {
    const answer = await postEvents([
      envelope('customer.upserted', {
        customerId,
        name: NAME,
        phone: PHONE,
        email: EMAIL,
        locale: 'zh-CN',
        timezone: ZONE,
        preferredChannel: 'sms',
        consents: { marketing: false },
      }),
      envelope('order.placed', {
        orderId,
        customerId,
        items: [{ sku: 'FAN-01', name: '落地电风扇', category: 'small_appliance', quantity: 1 }],
      }),
      envelope('shipment.created', { orderId, shipmentId, carrier: 'sf-express', trackingNumber: 'SF1234567890' }),
    ]);
    expect(answer.status).toBe(202);
    expect(answer.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const description = await stack.env.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('sends nothing while the parcel is within the threshold, then the stall SMS once 48 h pass', async () => {
    await stack.advance(47 * HOUR);
    expect(await sentMessage('shipment.stalled')).toBeUndefined();
    await stack.advance(HOUR);
    stalled = await stack.waitFor('the shipment.stalled SMS', () => sentMessage('shipment.stalled'));
    expect(stalled).toMatchObject({ channel: 'sms', address: PHONE, customer_id: customerId });
    expect(stalled.reply_expires_at).not.toBeNull();
    const sentAt = DateTime.fromJSDate(stalled.sent_at as Date, { zone: ZONE });
    expect(sentAt.toFormat('yyyy-LL-dd')).toBe('2026-03-04');
    expect(sentAt.hour).toBeGreaterThanOrEqual(8);

    const file = await outboxSms(stalled.idempotency_key);
    expect(file).toEqual({ to: PHONE, body: stalled.body });
    // The menu the customer answers: three numbered options.
    expect(stalled.body).toMatch(/1[\s\S]*2[\s\S]*3/);
  });

  it('routes the reply "1" to the journey, which chases the courier and confirms by SMS', async () => {
    const request = twilioRequest('/v1/twilio/inbound', {
      MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
      From: PHONE,
      To: '+15005550006',
      Body: '1',
    });
    const answer = await stack.post(request.url, request.headers, request.payload);
    expect(answer.status).toBe(200);

    const ack = await stack.waitFor('the reply.ack SMS', () => sentMessage('reply.ack'));
    expect(ack).toMatchObject({ channel: 'sms', address: PHONE });
    expect(await outboxSms(ack.idempotency_key)).toEqual({ to: PHONE, body: ack.body });

    const actions = await stack.database.db
      .selectFrom('service_actions')
      .selectAll()
      .where('order_id', '=', orderId)
      .execute();
    expect(actions).toEqual([
      expect.objectContaining({ action: 'carrier.chase', customer_id: customerId, shipment_id: shipmentId }),
    ]);
    const inbound = await stack.database.db.selectFrom('inbound_messages').selectAll().execute();
    expect(inbound).toEqual([
      expect.objectContaining({
        handled_as: 'reply',
        matched_workflow_id: workflowId,
        matched_notification_key: stalled.idempotency_key,
      }),
    ]);
  });

  it('logged the journey without a full phone number, email address, name or message body', async () => {
    const bodies = await stack.database.db
      .selectFrom('notifications')
      .select('body')
      .where('customer_id', '=', customerId)
      .execute();
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    const lines = [...logs.api, ...logs.runtime];
    // The capture saw the journey: request lines with ids from the API, and the worker's activity logs.
    expect(logs.api.some((line) => line.includes('"reqId"') && line.includes('inbound sms'))).toBe(true);
    expect(logs.api.join('\n')).toContain('+86*******1234');
    expect(
      logs.runtime.some((line) => line.includes('Activity completed') && line.includes('"activityType":"notify"')),
    ).toBe(true);

    const forbidden = [PHONE, PHONE.slice(1), EMAIL, NAME, ...bodies.flatMap((b) => fragmentsOf(b.body ?? ''))];
    const leaks = lines.filter((line) => forbidden.some((text) => line.includes(text)));
    expect(leaks).toEqual([]);
  });
});

/** A body and its longer lines: a log that quotes any line of a message has logged the message. */
function fragmentsOf(body: string): string[] {
  return [body, ...body.split('\n').filter((line) => line.trim().length >= 12)];
}

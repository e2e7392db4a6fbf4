import { randomUUID } from 'node:crypto';
import type { OutboxEmail } from '../../channels/outbox';
import { createCampaign, startCampaign } from '../../client/campaign/operations';
import type { NotificationRow } from '../../db/tables/notifications';
import { PUBLIC_URL, signedEventHeaders, twilioRequest } from '../api/helpers/api-fixture';
import { captureLogs } from './helpers/captured-logs';
import { openServiceStack, type ServiceStack } from './helpers/service-stack';

/**
 * Issue 13, done-when: a link scanner's GETs change nothing, only a POST records, and no email address or phone
 * number (plain, base64 or URL-encoded) appears in any log line of a full journey: an SMS customer and an email
 * customer with stalled parcels, an email customer's marketing campaign, a scanner fetching every link of both
 * emails, a reply chosen by POST, an SMS reply through Twilio, and an unsubscribe.
 */

// Monday 2026-03-02 09:00 in Shanghai: inside the marketing window, and the stall (48 h later) inside the
// transactional one.
const START = '2026-03-02T01:00:00Z';
const ZONE = 'Asia/Shanghai';
const HOUR = 3_600_000;
const suffix = randomUUID().slice(0, 8);
const SMS_CUSTOMER = {
  id: `c-sms-${suffix}`,
  phone: '+8613812345678',
  email: 'li.lei+orders@example.com',
  orderId: `o-sms-${suffix}`,
};
const EMAIL_CUSTOMER = {
  id: `c-mail-${suffix}`,
  phone: '+14155550177',
  email: 'zoe.wang@example.org',
  orderId: `o-mail-${suffix}`,
};
const CAMPAIGN_ID = `spring-${suffix}`;

const logs = captureLogs();
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

function customerEvents(
  customer: typeof SMS_CUSTOMER,
  preferredChannel: 'sms' | 'email',
  locale: string,
): Record<string, unknown>[] {
  return [
    envelope('customer.upserted', {
      customerId: customer.id,
      name: 'Test Customer',
      phone: customer.phone,
      email: customer.email,
      locale,
      timezone: ZONE,
      preferredChannel,
      consents: { marketing: true },
    }),
    envelope('order.placed', {
      orderId: customer.orderId,
      customerId: customer.id,
      items: [{ sku: 'FAN-01', name: 'Floor fan', category: 'small_appliance', quantity: 1 }],
    }),
    envelope('shipment.created', {
      orderId: customer.orderId,
      shipmentId: `s-${customer.orderId}`,
      carrier: 'sf-express',
      trackingNumber: `SF${suffix}`,
    }),
  ];
}

function sent(where: { workflowId?: string; customerId?: string; purpose: string }) {
  return async (): Promise<NotificationRow | undefined> => {
    let query = stack.database.db
      .selectFrom('notifications')
      .selectAll()
      .where('purpose', '=', where.purpose)
      .where('status', '=', 'sent');
    if (where.workflowId) query = query.where('workflow_id', '=', where.workflowId);
    if (where.customerId) query = query.where('customer_id', '=', where.customerId);
    return query.executeTakeFirst();
  };
}

async function outboxEmail(idempotencyKey: string): Promise<OutboxEmail> {
  const record = (await stack.outbox.list()).find((r) => r.channel === 'email' && r.idempotencyKey === idempotencyKey);
  if (!record) throw new Error(`no outbox email for ${idempotencyKey}`);
  return record.message as OutboxEmail;
}

/** Every URL of ours in a mail, as a scanner finds them: in the text, the HTML and the List-Unsubscribe header. */
function linksIn(mail: OutboxEmail): string[] {
  const found = [
    ...mail.text.matchAll(/https?:\/\/[^\s<>"]+/g),
    ...mail.html.matchAll(/href="([^"]+)"/g),
    ...Object.values(mail.headers).flatMap((value) => [...value.matchAll(/<(https?:\/\/[^>]+)>/g)]),
  ].map((match) => (match[1] ?? match[0]).replace(/&amp;/g, '&'));
  return [...new Set(found.filter((url) => url.startsWith(PUBLIC_URL)))];
}

/** The same path on the stack's own listener (the public URL is where a customer would reach it). */
const local = (url: string) => `${stack.baseUrl}${url.slice(PUBLIC_URL.length)}`;

const inbound = () => stack.database.db.selectFrom('inbound_messages').selectAll().execute();
const optOuts = () =>
  stack.database.db.selectFrom('consent_events').selectAll().where('kind', '=', 'opt_out').execute();

async function replySignals(workflowId: string): Promise<number> {
  const history = await stack.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter(
    (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'customerReply',
  ).length;
}

describe('links a scanner fetches change nothing, and the journey logs no contact details', () => {
  let prompt: NotificationRow;
  let promptMail: OutboxEmail;
  let campaignMail: OutboxEmail;
  const mailWorkflow = `order:${EMAIL_CUSTOMER.orderId}`;

  it('sends the campaign email, then the stall SMS and the stall email prompt', async () => {
    const body = JSON.stringify({
      events: [...customerEvents(SMS_CUSTOMER, 'sms', 'zh-CN'), ...customerEvents(EMAIL_CUSTOMER, 'email', 'en')],
    });
    const answer = await stack.post('/v1/events', signedEventHeaders(body, stack.clock.now()), body);
    expect(answer.status).toBe(202);

    const ctx = { db: stack.database.db, client: stack.env.client, config: stack.config, now: stack.clock.now };
    await createCampaign(
      ctx,
      {
        id: CAMPAIGN_ID,
        name: 'Spring tips',
        audience: { customerIds: [EMAIL_CUSTOMER.id] },
        variants: [{ name: 'A', weight: 1, template: 'guide_push' }],
        channel: 'email',
        messageClass: 'marketing',
        pacing: { messagesPerSecond: 10 },
      },
      { dryRun: false },
    );
    await startCampaign(ctx, CAMPAIGN_ID);
    const campaignRow = await stack.waitFor(
      'the campaign email',
      sent({ customerId: EMAIL_CUSTOMER.id, purpose: 'campaign' }),
    );
    campaignMail = await outboxEmail(campaignRow.idempotency_key);
    expect(campaignMail.headers['List-Unsubscribe']).toMatch(/^<https:\/\/.+\/v1\/unsubscribe\/v2\.[\w-]+>$/);

    await stack.advance(48 * HOUR);
    const stallSms = await stack.waitFor(
      'the stall SMS',
      sent({ workflowId: `order:${SMS_CUSTOMER.orderId}`, purpose: 'shipment.stalled' }),
    );
    expect(stallSms).toMatchObject({ channel: 'sms', address: SMS_CUSTOMER.phone });
    prompt = await stack.waitFor('the stall email', sent({ workflowId: mailWorkflow, purpose: 'shipment.stalled' }));
    expect(prompt).toMatchObject({ channel: 'email', address: EMAIL_CUSTOMER.email });
    promptMail = await outboxEmail(prompt.idempotency_key);
  });

  it('a link scanner that GETs every link of both emails records nothing', async () => {
    const links = [...linksIn(promptMail), ...linksIn(campaignMail)];
    expect(links.filter((url) => url.includes('/v1/reply/'))).toHaveLength(3);
    expect(links.filter((url) => url.includes('/v1/unsubscribe/'))).toHaveLength(1);
    for (const url of links) {
      for (let visit = 0; visit < 2; visit++) {
        const response = await fetch(local(url), { redirect: 'manual' });
        expect({ url, status: response.status }).toEqual({ url, status: 200 });
        expect(await response.text()).toContain('<form method="post"');
      }
    }
    expect(await inbound()).toEqual([]);
    expect(await optOuts()).toEqual([]);
    expect(await replySignals(mailWorkflow)).toBe(0);
    expect(await stack.database.db.selectFrom('service_actions').selectAll().execute()).toEqual([]);
  });

  it('a POST from the page records the chosen reply exactly once', async () => {
    const choice = linksIn(promptMail).find((url) => url.endsWith('?choice=1')) as string;
    for (let press = 0; press < 2; press++) {
      const response = await fetch(local(choice), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'choice=1',
      });
      expect(response.status).toBe(200);
    }
    expect(await inbound()).toEqual([
      expect.objectContaining({ provider: 'reply-link', handled_as: 'reply', matched_workflow_id: mailWorkflow }),
    ]);
    expect(await replySignals(mailWorkflow)).toBe(1);
    await stack.waitFor('the reply.ack email', sent({ workflowId: mailWorkflow, purpose: 'reply.ack' }));
  });

  it('the SMS customer answers by SMS, and the email customer unsubscribes with one POST', async () => {
    const request = twilioRequest('/v1/twilio/inbound', {
      MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
      From: SMS_CUSTOMER.phone,
      To: '+15005550006',
      Body: '1',
    });
    expect((await stack.post(request.url, request.headers, request.payload)).status).toBe(200);
    await stack.waitFor(
      'the reply.ack SMS',
      sent({ workflowId: `order:${SMS_CUSTOMER.orderId}`, purpose: 'reply.ack' }),
    );

    const unsubscribe = linksIn(campaignMail).find((url) => url.includes('/v1/unsubscribe/')) as string;
    const oneClick = await fetch(local(unsubscribe), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await optOuts()).toEqual([
      expect.objectContaining({
        customer_id: EMAIL_CUSTOMER.id,
        channel: 'email',
        address: EMAIL_CUSTOMER.email,
        source: 'unsubscribe_link',
      }),
    ]);
  });

  it('logged none of the phone numbers or email addresses, plain, base64 or URL-encoded, nor a link token', () => {
    const lines = [...logs.api, ...logs.runtime];
    // The capture saw the journey on both sides.
    for (const message of ['reply link page', 'reply link', 'unsubscribe link', 'inbound sms']) {
      expect(logs.api.some((line) => line.includes(`"msg":"${message}"`))).toBe(true);
    }
    expect(logs.runtime.some((line) => line.includes('"activityType":"notify"'))).toBe(true);
    expect(logs.runtime.some((line) => line.includes('"activityType":"sendCampaignBatch"'))).toBe(true);

    const contacts = [SMS_CUSTOMER, EMAIL_CUSTOMER].flatMap((c) => [c.phone, c.phone.slice(1), c.email]);
    const forbidden = contacts.flatMap(encodings);
    const tokens = [...linksIn(promptMail), ...linksIn(campaignMail)].map(
      (url) => /\/v1\/(?:reply|unsubscribe)\/v2\.([\w-]{16})/.exec(url)?.[1] as string,
    );
    const leaks = lines.flatMap((line) =>
      [...forbidden, ...tokens].filter((text) => line.includes(text)).map((text) => ({ text, line })),
    );
    expect(leaks).toEqual([]);
  });
});

/** The forms a contact detail takes in a log: as is, URL-encoded (both ways), base64 and base64url. */
function encodings(value: string): string[] {
  const utf8 = Buffer.from(value, 'utf8');
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      // Base64 of a value at any offset of a longer encoded text: the three alignments, trimmed of the edge characters.
      ...[0, 1, 2].flatMap((shift) => {
        const b64 = Buffer.concat([Buffer.alloc(shift), utf8]).toString('base64');
        const core = b64.slice(Math.ceil((shift * 4) / 3) + 1, -3);
        return [core, core.replace(/\+/g, '-').replace(/\//g, '_')];
      }),
    ]),
  ].filter((text) => text.length >= 8);
}

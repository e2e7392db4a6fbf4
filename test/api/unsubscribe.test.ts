import { createActivities, type NotifyActivities } from '../../activities';
import { callProvider } from '../../activities/campaign/provider';
import type { NotifyInput } from '../../domain/activity-contract';
import type { EmailSendInput } from '../../channels/email';
import { recordConsent } from '../../db/repositories/consent';
import { claimNotification } from '../../db/repositories/outbox';
import { renderMessage } from '../../domain/templates/render';
import { createUnsubscribeToken } from '../../security/unsubscribe-token';
import { CATALOGS } from '../../templates';
import { ActivityRunner } from '../activities/helpers/activity-context';
import { startTestChannels, type TestChannels } from '../activities/helpers/channels';
import { ManualClock } from '../activities/helpers/clock';
import { activityDeps, linkDeps, SHIPPED_POLICY } from '../activities/helpers/deps';
import { EMAIL, seedCustomer } from '../activities/helpers/seed';
import { type ApiFixture, openApiFixture, KEYS, PUBLIC_URL } from './helpers/api-fixture';
import { deriveServiceKeys } from '../../security/keys';

const MARKETING: NotifyInput = {
  key: 'promo:spring/help.info/1',
  workflowId: 'promo:spring',
  purpose: 'help.info',
  customerId: 'c-1',
  context: {},
  messageClass: 'marketing',
};
const UNSUBSCRIBE_URL = new RegExp(
  `^<${PUBLIC_URL.replace(/\./g, '\\.')}(/v1/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)>$`,
);

describe('List-Unsubscribe on marketing email and /v1/unsubscribe/:token', () => {
  let fx: ApiFixture;
  let clock: ManualClock;
  let channels: TestChannels;
  let activities: NotifyActivities;
  const runner = new ActivityRunner();

  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(() => fx.close());
  beforeEach(async () => {
    await fx.database.clear();
    clock = new ManualClock();
    fx.now = new Date(clock.now().getTime() + 60_000);
    channels = await startTestChannels(clock);
    // Links are signed with the key the API verifies with, and point at the API's public URL, as in production.
    activities = createActivities(activityDeps(fx.database.db, channels, clock, { links: linkDeps(PUBLIC_URL, KEYS) }));
    await seedCustomer(fx.database.db, { preferredChannel: 'email' });
    await recordConsent(fx.database.db, {
      customerId: 'c-1',
      purposeClass: 'marketing',
      channel: 'email',
      granted: true,
      source: 'api',
      at: new Date(clock.now().getTime() - 3600_000),
    });
  });
  afterEach(() => channels.close());

  /** The path of the List-Unsubscribe URL in the one mail SMTP received, checked to be one-click. */
  async function sendMarketingMail(): Promise<string> {
    const result = await runner.run(activities.notify, MARKETING);
    expect(result).toMatchObject({ status: 'sent', channel: 'email' });
    expect(channels.smtp.messages).toHaveLength(1);
    const mail = channels.smtp.messages[0]?.parsed;
    expect(mail?.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const match = UNSUBSCRIBE_URL.exec(mail?.header('list-unsubscribe') ?? '');
    expect(match).not.toBeNull();
    return (match as RegExpExecArray)[1] as string;
  }

  /** A token for a marketing mail to `customerId`, as its outbox row records it. */
  async function marketingMailTo(customerId: string): Promise<string> {
    const key = `promo:spring/help.info/${customerId}`;
    await claimNotification(fx.database.db, {
      idempotencyKey: key,
      workflowId: 'promo:spring',
      purpose: 'help.info',
      customerId,
      channel: 'email',
      address: 'zoe@example.com',
      template: 'help.info',
      variant: null,
      locale: null,
      subject: 's',
      body: 'b',
      messageClass: 'marketing',
      replyExpiresAt: null,
      claimedAt: clock.now(),
    });
    return createUnsubscribeToken(KEYS.unsubscribeLinks, {
      notificationKey: key,
      expiresAt: Math.floor(fx.now.getTime() / 1000) + 86_400,
    });
  }

  const optOuts = () => fx.database.db.selectFrom('consent_events').selectAll().where('kind', '=', 'opt_out').execute();

  it('one-click POST records one email opt-out however often it is sent, and later marketing is refused', async () => {
    const path = await sendMarketingMail();
    const oneClick = {
      method: 'POST' as const,
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    };
    const answers = await Promise.all([fx.request(oneClick), fx.request(oneClick), fx.request(oneClick)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    const again = await fx.request({ method: 'GET', url: path });
    expect(again.statusCode).toBe(200);

    const rows = await optOuts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ customer_id: 'c-1', channel: 'email', address: EMAIL, source: 'unsubscribe_link' });
    expect(fx.metrics.inbound.value({ kind: 'unsubscribe_one_click', outcome: 'recorded' })).toBe(1);

    clock.set(new Date(fx.now.getTime() + 60_000));
    const later = await runner.run(activities.notify, { ...MARKETING, key: 'promo:spring/help.info/2' });
    expect(later).toMatchObject({ status: 'refused', reason: 'opted_out' });
    expect(channels.smtp.messages).toHaveLength(1);
  });

  it('GET changes nothing and asks to confirm in the customer language; the page button records the opt-out once', async () => {
    const path = await sendMarketingMail();
    // Link scanners and previews fetch every URL: GET alone must not unsubscribe anyone.
    const first = await fx.request({ method: 'GET', url: path });
    await fx.request({ method: 'GET', url: path });
    expect(first.statusCode).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.body).toContain('<form method="post"');
    expect(first.body).toContain('确认退订');
    expect(first.body).not.toContain('Unsubscribe</button>');
    expect(await optOuts()).toHaveLength(0);

    const confirmed = await fx.request({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('您已成功退订');
    expect(await optOuts()).toHaveLength(1);
    const revisit = await fx.request({ method: 'GET', url: path });
    expect(revisit.body).toContain('您已成功退订');
    expect(revisit.body).not.toContain('<form');
    expect(await optOuts()).toHaveLength(1);

    await seedCustomer(fx.database.db, { id: 'c-2', email: 'zoe@example.com', locale: 'en' });
    const english = await fx.request({ method: 'GET', url: `/v1/unsubscribe/${await marketingMailTo('c-2')}` });
    expect(english.body).toContain('Unsubscribe</button>');
    expect(english.body).not.toContain('确认退订');
  });

  it('answers 400 and records nothing for a tampered, forged or old-format token', async () => {
    const path = await sendMarketingMail();
    const sealed = Buffer.from(path.slice('/v1/unsubscribe/v2.'.length), 'base64url');
    sealed[20] = (sealed[20] as number) ^ 0x01;
    const tampered = `v2.${sealed.toString('base64url')}`;
    // The key of a real marketing mail, sealed under another data dir's development secret.
    const forged = createUnsubscribeToken(deriveServiceKeys('not-the-secret').unsubscribeLinks, {
      notificationKey: MARKETING.key,
      expiresAt: Math.floor(fx.now.getTime() / 1000) + 86_400,
    });
    // The v1 format, which carried the address readably.
    const oldFormat = `${Buffer.from(JSON.stringify({ c: 'c-1', a: EMAIL })).toString('base64url')}.sig`;
    for (const bad of [tampered, forged, oldFormat, 'garbage']) {
      const answer = await fx.request({ method: 'POST', url: `/v1/unsubscribe/${bad}` });
      expect(answer.statusCode).toBe(400);
      const page = await fx.request({ method: 'GET', url: `/v1/unsubscribe/${bad}` });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('此退订链接无效');
    }
    expect(await optOuts()).toHaveLength(0);
  });

  it('carries no address in the link, and opts out the address the mail went to', async () => {
    const path = await sendMarketingMail();
    const token = path.slice('/v1/unsubscribe/'.length);
    for (const form of [EMAIL, encodeURIComponent(EMAIL), Buffer.from(EMAIL).toString('base64url'), 'c-1']) {
      expect(path).not.toContain(form);
      expect(Buffer.from(token.slice(3), 'base64url').toString('latin1')).not.toContain(form);
    }
    // The customer changes address after the mail: the link still opts out the one the mail went to.
    await seedCustomer(fx.database.db, { preferredChannel: 'email', email: 'new.address@customer.example' });
    const customer = await fx.database.db.selectFrom('customers').select('email').executeTakeFirst();
    expect(customer?.email).toBe('new.address@customer.example');
    await fx.request({ method: 'POST', url: path });
    expect(await optOuts()).toEqual([expect.objectContaining({ address: EMAIL, customer_id: 'c-1' })]);
  });

  it('shows an expired page in the customer language once the link is past api.unsubscribeLinkTtl, and records nothing', async () => {
    const path = await sendMarketingMail();
    const ttlMs = linkDeps(PUBLIC_URL, KEYS).unsubscribeTtlMs;
    fx.now = new Date(clock.now().getTime() + ttlMs - 60_000);
    expect((await fx.request({ method: 'GET', url: path })).statusCode).toBe(200);
    fx.now = new Date(clock.now().getTime() + ttlMs);
    for (const method of ['GET', 'POST'] as const) {
      const late = await fx.request({ method, url: path });
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('此退订链接已过期');
      expect(late.body).not.toContain('<form');
    }
    expect(await optOuts()).toHaveLength(0);
  });

  it('puts no List-Unsubscribe on transactional mail', async () => {
    const result = await runner.run(activities.notify, { ...MARKETING, messageClass: 'transactional' });
    expect(result).toMatchObject({ status: 'sent', channel: 'email' });
    const mail = channels.smtp.messages[0]?.parsed;
    expect(mail?.header('x-notify-purpose')).toBe('help.info');
    expect(mail?.header('list-unsubscribe')).toBeUndefined();
    expect(mail?.header('list-unsubscribe-post')).toBeUndefined();
  });

  it('campaign email carries the link when the campaign is marketing, and not otherwise', async () => {
    const sent: EmailSendInput[] = [];
    const deps = activityDeps(
      fx.database.db,
      { sms: channels.sms, email: { send: (input) => (sent.push(input), channels.email.send(input)) } },
      clock,
      { links: linkDeps(PUBLIC_URL, KEYS) },
    );
    const rendered = renderMessage(CATALOGS, SHIPPED_POLICY.localeFallback, {
      purpose: 'help.info',
      locale: 'zh-CN',
      variables: { shopName: 'shop', supportContact: '400' },
    });
    const message = { customerId: 'c-1', channel: 'email' as const, address: EMAIL, rendered, claimedAt: clock.now() };
    await callProvider(deps, { ...message, key: 'campaign:k1/campaign/c-1', messageClass: 'marketing' });
    await callProvider(deps, { ...message, key: 'campaign:k2/campaign/c-1', messageClass: 'service' });
    expect(sent[0]?.marketing?.unsubscribeUrl).toMatch(
      new RegExp(`^${PUBLIC_URL.replace(/\./g, '\\.')}/v1/unsubscribe/`),
    );
    expect(sent[1]?.marketing).toBeUndefined();
    expect(channels.smtp.messages.map((m) => m.parsed.header('list-unsubscribe') ?? null)).toEqual([
      `<${sent[0]?.marketing?.unsubscribeUrl}>`,
      null,
    ]);
  });
});

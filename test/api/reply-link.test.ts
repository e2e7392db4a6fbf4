import { claimNotification } from '../../db/repositories/outbox';
import { deriveServiceKeys } from '../../security/keys';
import { createReplyToken } from '../../security/reply-token';
import { type ApiFixture, openApiFixture, KEYS } from './helpers/api-fixture';

describe('/v1/reply/:token: GET shows the choice, POST records it', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await openApiFixture();
  });
  afterAll(async () => {
    await fx.close();
  });
  beforeEach(async () => {
    await fx.database.clear();
    fx.workflows.calls.length = 0;
    fx.workflows.finished.clear();
  });

  async function emailPrompt(
    workflowId: string,
    purpose: string,
    locale: string,
    linkTtlSeconds = 7 * 86400,
  ): Promise<string> {
    const key = `${workflowId}/${purpose}/1`;
    fx.workflows.started.add(workflowId); // the workflow that sent the prompt is running
    await claimNotification(fx.database.db, {
      idempotencyKey: key,
      workflowId,
      purpose,
      customerId: 'c-1',
      channel: 'email',
      address: 'zoe@example.com',
      template: purpose,
      variant: null,
      locale,
      subject: 's',
      body: 'b',
      messageClass: 'transactional',
      replyExpiresAt: new Date(fx.now.getTime() + 24 * 3600_000),
      claimedAt: new Date(fx.now.getTime() - 3600_000),
    });
    return createReplyToken(KEYS.replyLinks, {
      promptKey: key,
      expiresAt: Math.floor(fx.now.getTime() / 1000) + linkTtlSeconds,
    });
  }

  const open = (token: string, choice: string) =>
    fx.request({ method: 'GET', url: `/v1/reply/${token}?choice=${choice}` });
  /** What the page's button sends: the form posts back to the link's own URL with the choice in the body. */
  const choose = (token: string, choice: string) =>
    fx.request({
      method: 'POST',
      url: `/v1/reply/${token}?choice=1`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `choice=${choice}`,
    });
  const inbound = () => fx.database.db.selectFrom('inbound_messages').selectAll().execute();

  it('GET shows the choice as a button that posts back, in the customer language, and records nothing', async () => {
    const token = await emailPrompt('order:o-1', 'shipment.stalled', 'zh-CN');
    for (let visit = 0; visit < 3; visit++) {
      const page = await open(token, '2');
      expect(page.statusCode).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.body).toContain('<form method="post" lang="zh-CN">');
      // The chosen option first and focused, then the others.
      expect(page.body).toMatch(
        /请点击下方按钮确认您的选择：<\/p><p><button type="submit" name="choice" value="2" autofocus>2 补发或退款<\/button>/,
      );
      expect(page.body).toContain('<button type="submit" name="choice" value="1">1 帮您催快递</button>');
      expect(page.body).toContain('<button type="submit" name="choice" value="3">3 转人工客服</button>');
      expect(page.body).not.toContain('Please confirm');
    }
    const bare = await fx.request({ method: 'GET', url: `/v1/reply/${token}` });
    expect(bare.body).toContain('请点击下方按钮选择：');
    expect(bare.body).not.toContain('autofocus');
    expect(fx.workflows.calls).toHaveLength(0);
    expect(await inbound()).toHaveLength(0);
  });

  it('POST records the choice once however often it is sent, and confirms in the customer language', async () => {
    const token = await emailPrompt('order:o-1', 'shipment.stalled', 'zh-CN');
    const first = await choose(token, '1');
    expect(first.statusCode).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.body).toContain('已收到您的选择');
    const second = await choose(token, '1');
    expect(second.body).toContain('已经收到');
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({
        workflowId: 'order:o-1',
        signal: 'customerReply',
        args: [expect.objectContaining({ promptKey: 'order:o-1/shipment.stalled/1', choice: 1 })],
      }),
    ]);
    const rows = await inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'reply-link', handled_as: 'reply', matched_workflow_id: 'order:o-1' });
    // Opening the link again afterwards says it was received, with no button to press.
    const revisit = await open(token, '1');
    expect(revisit.body).toContain('已经收到');
    expect(revisit.body).not.toContain('<form');
  });

  it('POST without a choice in the body records nothing (the query string is not an answer)', async () => {
    const token = await emailPrompt('order:o-1', 'shipment.stalled', 'zh-CN');
    const answer = await fx.request({ method: 'POST', url: `/v1/reply/${token}?choice=1` });
    expect(answer.statusCode).toBe(400);
    expect(fx.workflows.calls).toHaveLength(0);
    expect(await inbound()).toHaveLength(0);
  });

  it('takes a 1-5 score for a check-in survey and answers in English for an English prompt', async () => {
    const token = await emailPrompt('ticket:t-1', 'ticket.checkin', 'en');
    fx.workflows.started.add('ticket:t-1');
    const page = await open(token, '5');
    expect(page.body).toContain('<button type="submit" name="choice" value="5" autofocus>5 very happy</button>');
    expect(page.body).toContain('Please confirm your answer');
    const response = await choose(token, '5');
    expect(response.body).toContain('Thank you');
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({ workflowId: 'ticket:t-1', args: [expect.objectContaining({ choice: 5 })] }),
    ]);
  });

  it('shows a clear page and changes nothing for a tampered, forged or old-format token or an out-of-menu choice', async () => {
    const token = await emailPrompt('order:o-2', 'shipment.stalled', 'zh-CN');
    const sealed = Buffer.from(token.slice('v2.'.length), 'base64url');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 0x01;
    const tampered = `v2.${sealed.toString('base64url')}`;
    const expiresAt = Math.floor(fx.now.getTime() / 1000) + 86400;
    // A guessable key sealed under another data dir's development secret.
    const forged = createReplyToken(deriveServiceKeys('another-data-dir-secret').replyLinks, {
      promptKey: 'order:o-2/shipment.stalled/1',
      expiresAt,
    });
    const oldFormat = `${Buffer.from(JSON.stringify({ k: 'order:o-2/shipment.stalled/1', e: expiresAt })).toString('base64url')}.sig`;
    for (const [bad, choice] of [
      [tampered, '1'],
      [forged, '1'],
      [oldFormat, '1'],
      ['garbage', '1'],
      [token, '7'],
      [token, 'abc'],
    ] as const) {
      for (const response of [await open(bad, choice), await choose(bad, choice)]) {
        expect({ bad, choice, status: response.statusCode }).toEqual({ bad, choice, status: 400 });
        expect(response.body).toMatch(/无效|not valid/);
        expect(response.body).not.toContain('<form');
      }
    }
    expect(fx.workflows.calls).toHaveLength(0);
    expect(await inbound()).toHaveLength(0);
  });

  it('shows an expired page in the customer language and records nothing once the link or the reply window has passed', async () => {
    const token = await emailPrompt('order:o-4', 'shipment.stalled', 'en');
    fx.now = new Date(fx.now.getTime() + 2 * 24 * 3600_000); // past the prompt's 24 h reply window
    for (const late of [await open(token, '2'), await choose(token, '2')]) {
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('This link has expired');
      expect(late.body).not.toContain('已过期');
    }
    fx.now = new Date(fx.now.getTime() + 30 * 24 * 3600_000); // past the token's own expiry
    for (const late of [await open(token, '2'), await choose(token, '2')]) {
      expect(late.statusCode).toBe(410);
      expect(late.body).toContain('This link has expired');
    }
    expect(fx.workflows.calls).toHaveLength(0);
    expect(await inbound()).toHaveLength(0);
  });

  it('honours the link expiry even while the prompt still waits for an answer', async () => {
    const token = await emailPrompt('order:o-6', 'shipment.stalled', 'zh-CN', 3600);
    fx.now = new Date(fx.now.getTime() + 2 * 3600_000); // the link (1 h) has expired; the reply window (24 h) has not
    const late = await choose(token, '1');
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('此链接已过期');
    expect(await inbound()).toHaveLength(0);
  });

  it('keeps an answer to a finished workflow for staff', async () => {
    fx.now = new Date('2026-03-05T08:00:00Z');
    const token = await emailPrompt('order:o-5', 'shipment.stalled', 'en');
    fx.workflows.finished.add('order:o-5');
    expect((await choose(token, '3')).statusCode).toBe(200);
    const rows = await fx.database.db.selectFrom('inbound_messages').selectAll().execute();
    expect(rows[0]).toMatchObject({ handled_as: 'unmatched' });
  });
});

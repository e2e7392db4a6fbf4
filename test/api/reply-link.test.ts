import { claimNotification } from '../../db/repositories/outbox';
import { createReplyToken } from '../../security/reply-token';
import { type ApiFixture, openApiFixture, KEYS } from './helpers/api-fixture';

describe('GET /v1/reply/:token', () => {
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

  async function emailPrompt(workflowId: string, purpose: string, locale: string): Promise<string> {
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
      expiresAt: Math.floor(fx.now.getTime() / 1000) + 7 * 86400,
    });
  }

  const open = (token: string, choice: string) =>
    fx.request({ method: 'GET', url: `/v1/reply/${token}?choice=${choice}` });

  it('records the choice once however often the link is opened, and confirms in the customer language', async () => {
    const token = await emailPrompt('order:o-1', 'shipment.stalled', 'zh-CN');
    const first = await open(token, '1');
    expect(first.statusCode).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.body).toContain('已收到您的选择');
    const second = await open(token, '1');
    expect(second.body).toContain('已经收到');
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({
        workflowId: 'order:o-1',
        signal: 'customerReply',
        args: [expect.objectContaining({ promptKey: 'order:o-1/shipment.stalled/1', choice: 1 })],
      }),
    ]);
    const rows = await fx.database.db.selectFrom('inbound_messages').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'reply-link', handled_as: 'reply', matched_workflow_id: 'order:o-1' });
  });

  it('takes a 1-5 score for a check-in survey and answers in English for an English prompt', async () => {
    const token = await emailPrompt('ticket:t-1', 'ticket.checkin', 'en');
    fx.workflows.started.add('ticket:t-1');
    const response = await open(token, '5');
    expect(response.body).toContain('Thank you');
    expect(fx.workflows.calls).toEqual([
      expect.objectContaining({ workflowId: 'ticket:t-1', args: [expect.objectContaining({ choice: 5 })] }),
    ]);
  });

  it('shows a clear page and changes nothing for a tampered token, an out-of-menu choice or a forged key', async () => {
    const token = await emailPrompt('order:o-2', 'shipment.stalled', 'zh-CN');
    const [payload, signature] = token.split('.') as [string, string];
    const otherKey = Buffer.from(JSON.stringify({ k: 'order:o-3/shipment.stalled/1', e: 9999999999 })).toString(
      'base64url',
    );
    for (const [bad, choice] of [
      [`${otherKey}.${signature}`, '1'],
      [`${payload}.${signature.slice(0, -2)}xx`, '1'],
      ['garbage', '1'],
      [token, '7'],
      [token, 'abc'],
    ] as const) {
      const response = await open(bad, choice);
      expect({ bad, choice, status: response.statusCode }).toEqual({ bad, choice, status: 400 });
      expect(response.body).toMatch(/无效|not valid/);
    }
    expect(fx.workflows.calls).toHaveLength(0);
    expect(await fx.database.db.selectFrom('inbound_messages').selectAll().execute()).toHaveLength(0);
  });

  it('shows an expired page and records nothing once the link or the reply window has passed', async () => {
    const token = await emailPrompt('order:o-4', 'shipment.stalled', 'en');
    fx.now = new Date(fx.now.getTime() + 2 * 24 * 3600_000); // past the prompt's 24 h reply window
    const late = await open(token, '2');
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('expired');
    fx.now = new Date(fx.now.getTime() + 30 * 24 * 3600_000); // past the token's own expiry
    expect((await open(token, '2')).statusCode).toBe(410);
    expect(fx.workflows.calls).toHaveLength(0);
  });

  it('keeps an answer to a finished workflow for staff', async () => {
    fx.now = new Date('2026-03-05T08:00:00Z');
    const token = await emailPrompt('order:o-5', 'shipment.stalled', 'en');
    fx.workflows.finished.add('order:o-5');
    expect((await open(token, '3')).statusCode).toBe(200);
    const rows = await fx.database.db.selectFrom('inbound_messages').selectAll().execute();
    expect(rows[0]).toMatchObject({ handled_as: 'unmatched' });
  });
});

import { isChannelError, type ChannelError } from '../../channels/channel-error';
import type { EmailSendInput } from '../../channels/email';
import { messageIdForKey } from '../../channels/message-id';
import { createSmtpSender, type SmtpEmailSender } from '../../channels/smtp';
import { type SmtpTestServer, startSmtpTestServer } from '../fakes/smtp-test-server';

const FROM = 'Shop Notices <notify@shop.example>';

function input(overrides: Partial<EmailSendInput> = {}): EmailSendInput {
  return {
    to: 'jane@customer.example',
    subject: '您的包裹延误了 — parcel delayed',
    text: 'Hello Jane,\n\nYour parcel is late. Reply 1 to wait, 2 to cancel.',
    html: '<p>Hello Jane,</p>\n<p>Your parcel is <b>late</b>.</p>',
    idempotencyKey: 'order:A-1001/shipment.stalled/1',
    headers: { 'X-Notify-Purpose': 'shipment.stalled' },
    ...overrides,
  };
}

async function sendError(sender: SmtpEmailSender, mail: EmailSendInput): Promise<ChannelError> {
  const error = await sender.send(mail).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isChannelError(error)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('SMTP email sender against a real SMTP server on loopback', () => {
  let smtp: SmtpTestServer;
  let sender: SmtpEmailSender;

  beforeEach(async () => {
    smtp = await startSmtpTestServer();
    sender = await createSmtpSender({ url: smtp.url, from: FROM, maxConnections: 1 });
  });

  afterEach(async () => {
    sender.close();
    await smtp.close();
  });

  it('delivers both bodies, the headers and a Message-ID derived from the notification key', async () => {
    const result = await sender.send(input());

    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    const expectedId = messageIdForKey('order:A-1001/shipment.stalled/1', 'shop.example');
    expect(result).toEqual({ providerMessageId: expectedId, status: 'sent', response: expect.stringMatching(/^250/) });
    expect(mail?.envelopeFrom).toBe('notify@shop.example');
    expect(mail?.envelopeTo).toEqual(['jane@customer.example']);
    expect(mail?.parsed.header('message-id')).toBe(expectedId);
    expect(mail?.parsed.header('subject')).toBe('您的包裹延误了 — parcel delayed');
    expect(mail?.parsed.header('from')).toBe('Shop Notices <notify@shop.example>');
    expect(mail?.parsed.header('to')).toBe('jane@customer.example');
    expect(mail?.parsed.header('x-notify-purpose')).toBe('shipment.stalled');
    expect(mail?.parsed.text).toBe(input().text);
    expect(mail?.parsed.html).toBe(input().html);
    expect(mail?.parsed.header('list-unsubscribe')).toBeUndefined();
    expect(mail?.parsed.header('list-unsubscribe-post')).toBeUndefined();
  });

  it('keeps the Message-ID across resends of one key and changes it for another key', async () => {
    await sender.send(input());
    await sender.send(input());
    await sender.send(input({ idempotencyKey: 'order:A-1001/shipment.stalled/2' }));

    const ids = smtp.messages.map((m) => m.parsed.header('message-id'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[0]).toMatch(/^<[0-9a-f]{64}@shop\.example>$/);
  });

  it('adds one-click List-Unsubscribe to marketing mail only', async () => {
    await sender.send(input({ marketing: { unsubscribeUrl: 'https://shop.example/u/tok123' } }));

    const mail = smtp.messages[0]?.parsed;
    expect(mail?.header('list-unsubscribe')).toBe('<https://shop.example/u/tok123>');
    expect(mail?.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });

  it('refuses caller headers that would replace the Message-ID or the unsubscribe headers', async () => {
    await expect(sender.send(input({ headers: { 'message-id': '<forged@x>' } }))).rejects.toThrow(TypeError);
    await expect(sender.send(input({ headers: { 'List-Unsubscribe': '<https://x>' } }))).rejects.toThrow(TypeError);
    expect(smtp.messages).toHaveLength(0);
  });

  it('reports a 4xx at end of DATA as transient, and the retry goes through', async () => {
    smtp.failNext({ stage: 'data', responseCode: 451, message: 'Try again later' });

    const error = await sendError(sender, input());
    expect(error).toMatchObject({
      kind: 'transient',
      reason: 'temporary',
      providerCode: 451,
      mayHaveBeenDelivered: false,
    });
    expect(smtp.messages).toHaveLength(0);

    await sender.send(input());
    expect(smtp.messages).toHaveLength(1);
  });

  it('reports a 4xx to RCPT TO as transient', async () => {
    smtp.failNext({ stage: 'rcpt', responseCode: 450, message: 'Mailbox busy' });

    const error = await sendError(sender, input());
    expect(error).toMatchObject({
      kind: 'transient',
      reason: 'temporary',
      providerCode: 450,
      mayHaveBeenDelivered: false,
    });
  });

  it('reports a 5xx to RCPT TO as a permanent mailbox failure, without the address in the error', async () => {
    smtp.failNext({ stage: 'rcpt', responseCode: 550, message: 'No such user <jane@customer.example>' });

    const error = await sendError(sender, input());
    expect(error).toMatchObject({
      channel: 'email',
      kind: 'permanent',
      reason: 'mailbox_unavailable',
      providerCode: 550,
      mayHaveBeenDelivered: false,
    });
    expect(error.concernsRecipient).toBe(true);
    expect(JSON.stringify(error)).not.toContain('jane@customer.example');
    expect(error.message).not.toContain('jane@customer.example');
    expect(error.providerMessage).toContain('[email]');
  });

  it('reports a 5xx at end of DATA as a permanent rejection of the message', async () => {
    smtp.failNext({ stage: 'data', responseCode: 554, message: 'Message refused' });

    const error = await sendError(sender, input());
    expect(error).toMatchObject({ kind: 'permanent', reason: 'rejected', providerCode: 554 });
    expect(error.concernsRecipient).toBe(false);
  });

  it('reports a connection dropped after DATA as transient and possibly delivered; the resend keeps the Message-ID', async () => {
    smtp.failNext({ stage: 'drop-after-data' });

    const error = await sendError(sender, input());
    expect(error).toMatchObject({ kind: 'transient', reason: 'temporary', mayHaveBeenDelivered: true });
    // The server did take the message: this is exactly the "may have been delivered" case.
    expect(smtp.messages).toHaveLength(1);

    // The pool recovers with a new connection, and the activity's resend keeps the Message-ID.
    await sender.send(input());
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages[1]?.parsed.header('message-id')).toBe(smtp.messages[0]?.parsed.header('message-id'));
  });
});

describe('SMTP sender start-up', () => {
  it('verifies the relay: a server that is not there is a transient error that cannot have delivered', async () => {
    const smtp = await startSmtpTestServer();
    const url = smtp.url;
    await smtp.close();

    const error = await createSmtpSender({ url, from: FROM }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isChannelError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'transient', reason: 'temporary', mayHaveBeenDelivered: false });
  });

  it('verifies credentials: wrong ones are a permanent misconfiguration', async () => {
    const smtp = await startSmtpTestServer({ auth: { user: 'notify', pass: 'right' } });
    try {
      const good = await createSmtpSender({ url: smtp.url, from: FROM });
      good.close();
      const wrongUrl = smtp.url.replace(':right@', ':wrong@');
      const error = await createSmtpSender({ url: wrongUrl, from: FROM }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ kind: 'permanent', reason: 'misconfigured' });
    } finally {
      await smtp.close();
    }
  });
});

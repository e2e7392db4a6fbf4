import nodemailer, { type Transporter } from 'nodemailer';
import type { SMTPPoolSentMessageInfo } from 'nodemailer';
import type { EmailSendInput, EmailSendResult, EmailSender } from '../email';
import { domainOfAddress, messageIdForKey } from '../message-id';
import { toChannelError } from './classify-smtp-error';

export interface SmtpEmailSenderOptions {
  /** `smtp://user:pass@host:port` or `smtps://...` (SMTP_URL). */
  readonly url: string;
  /** Sender of every message, e.g. `notify <notify@shop.example>`. */
  readonly from: string;
  /** Right-hand side of generated Message-IDs; defaults to the From domain. */
  readonly messageIdDomain?: string;
  /** Pooled connections kept open to the relay (nodemailer's default is 5). */
  readonly maxConnections?: number;
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
}

// Headers the sender owns: a caller-supplied value would break resend detection or the unsubscribe contract.
const RESERVED_HEADERS = new Set([
  'message-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);

/** Email over a pooled SMTP transport; build it with `createSmtpSender`, which proves the relay answers first. */
export class SmtpEmailSender implements EmailSender {
  private readonly messageIdDomain: string;

  constructor(
    private readonly transport: Transporter<SMTPPoolSentMessageInfo>,
    options: Pick<SmtpEmailSenderOptions, 'from' | 'messageIdDomain'>,
  ) {
    this.messageIdDomain = options.messageIdDomain ?? domainOfAddress(options.from);
  }

  async send(input: EmailSendInput): Promise<EmailSendResult> {
    const messageId = messageIdForKey(input.idempotencyKey, this.messageIdDomain);
    const headers: Record<string, string> = { ...checkedHeaders(input.headers) };
    if (input.marketing) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    try {
      const info = await this.transport.sendMail({
        to: input.to,
        subject: input.subject,
        text: input.text,
        html: input.html,
        messageId,
        headers,
        ...(input.marketing ? { list: { unsubscribe: { url: input.marketing.unsubscribeUrl } } } : {}),
      });
      return { providerMessageId: messageId, status: 'sent', response: info.response };
    } catch (error) {
      throw toChannelError(error);
    }
  }

  /** Closes the pool's connections once the messages being delivered are done. */
  close(): void {
    this.transport.close();
  }
}

/** A pooled transport that has shown it can connect (and authenticate) before the worker starts taking tasks. */
export async function createSmtpSender(options: SmtpEmailSenderOptions): Promise<SmtpEmailSender> {
  const transport = nodemailer.createTransport(
    {
      url: options.url,
      // Pooled: one relay session serves many messages. The pool re-sends over a fresh connection only when a reused
      // connection died before a byte of the message went out, so its requeueing cannot duplicate a delivery; any
      // later drop reaches us as an error and the activity decides with its outbox row.
      pool: true,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.connectionTimeoutMs === undefined ? {} : { connectionTimeout: options.connectionTimeoutMs }),
      ...(options.greetingTimeoutMs === undefined ? {} : { greetingTimeout: options.greetingTimeoutMs }),
      ...(options.socketTimeoutMs === undefined ? {} : { socketTimeout: options.socketTimeoutMs }),
    },
    { from: options.from },
  );
  try {
    await transport.verify();
  } catch (error) {
    transport.close();
    throw toChannelError(error);
  }
  return new SmtpEmailSender(transport, options);
}

function checkedHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (!headers) return {};
  for (const name of Object.keys(headers)) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new TypeError(`header ${name} is set by the email sender`);
  }
  return { ...headers };
}

import type { EmailSendInput, EmailSendResult, EmailSender } from '../email';
import { domainOfAddress, messageIdForKey } from '../message-id';
import type { OutboxDirectory } from './outbox-directory';

export interface OutboxEmail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  /** Every header the SMTP sender would add, so the file shows what a recipient would get. */
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly html: string;
}

/** Development email: each message becomes a JSON file in the outbox instead of a mail to a mailbox. */
export class OutboxEmailSender implements EmailSender {
  private readonly messageIdDomain: string;

  constructor(
    private readonly outbox: OutboxDirectory,
    private readonly from: string,
    messageIdDomain?: string,
  ) {
    this.messageIdDomain = messageIdDomain ?? domainOfAddress(from);
  }

  async send(input: EmailSendInput): Promise<EmailSendResult> {
    const messageId = messageIdForKey(input.idempotencyKey, this.messageIdDomain);
    const headers: Record<string, string> = { ...input.headers, 'Message-ID': messageId };
    if (input.marketing) {
      headers['List-Unsubscribe'] = `<${input.marketing.unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    const { record } = await this.outbox.writeOnce<OutboxEmail>('email', input.idempotencyKey, messageId, {
      from: this.from,
      to: input.to,
      subject: input.subject,
      headers,
      text: input.text,
      html: input.html,
    });
    return { providerMessageId: record.providerMessageId, status: 'sent' };
  }
}

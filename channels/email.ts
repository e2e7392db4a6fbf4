/**
 * The email port. Activities depend on this interface only; SMTP and the development outbox implement it.
 * Failures are thrown as `ChannelError` (see channel-error.ts).
 */

export interface EmailSendInput {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * The notification key. The Message-ID is derived from it (see message-id.ts), so a resend after an unconfirmed
   * attempt carries the same Message-ID and receiving systems can recognise the duplicate.
   */
  readonly idempotencyKey: string;
  /** Extra headers (e.g. `X-Notify-Purpose`); they cannot replace Message-ID or the List-Unsubscribe pair. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Set on marketing mail only: adds List-Unsubscribe and one-click List-Unsubscribe-Post (RFC 8058). */
  readonly marketing?: { readonly unsubscribeUrl: string };
}

export interface EmailSendResult {
  /** The Message-ID header value, angle brackets included. */
  readonly providerMessageId: string;
  /** 'sent' means the next hop accepted it; bounces arrive later, out of band. */
  readonly status: 'sent';
  /** The accepting server's reply, e.g. "250 2.0.0 Ok: queued as ABC"; absent for sinks. */
  readonly response?: string;
}

export interface EmailSender {
  send(input: EmailSendInput): Promise<EmailSendResult>;
}

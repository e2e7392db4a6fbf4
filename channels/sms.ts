/**
 * The SMS port. Activities depend on this interface only; Twilio and the development outbox implement it.
 * Failures are thrown as `ChannelError` (see channel-error.ts).
 */

/** Provider-side lifecycle of an outbound message (Twilio's statuses, which the outbox sink also uses). */
export type SmsStatus =
  | 'accepted'
  | 'scheduled'
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'canceled'
  | 'read'
  | 'partially_delivered'
  | 'receiving'
  | 'received';

export interface SmsSendInput {
  /** E.164 number. */
  readonly to: string;
  readonly body: string;
  /**
   * The notification key (`<workflowId>/<purpose>/<n>`). It rides in the status callback URL, so every delivery
   * report names the notification it belongs to even when the provider id was never recorded.
   */
  readonly idempotencyKey: string;
}

export interface SmsSendResult {
  readonly providerMessageId: string;
  readonly status: SmsStatus;
}

/** What the provider currently says about one message. */
export interface SmsMessageState {
  readonly providerMessageId: string;
  readonly status: SmsStatus;
  /** Provider error code for failed and undelivered messages (Twilio 30001, 30036, ...). */
  readonly errorCode: number | null;
  readonly createdAt: Date;
}

/**
 * A send that was claimed but whose result was never recorded (the worker died, or the connection dropped after the
 * provider accepted it). Everything we stored at claim time, so each provider can match on what it can search.
 */
export interface SmsClaim {
  readonly idempotencyKey: string;
  readonly to: string;
  readonly body: string;
  /** When the outbox row was claimed; only messages created at or after this (less clock skew) can be ours. */
  readonly claimedAt: Date;
}

export type SmsLookupQuery = { readonly providerMessageId: string } | { readonly claim: SmsClaim };

export interface SmsSender {
  /** Sends once per call; the caller makes calls idempotent (outbox claim, then `lookup` before any resend). */
  send(input: SmsSendInput): Promise<SmsSendResult>;
  /**
   * Every message at the provider matching the query, oldest first: none means it never went out and a resend is
   * safe; more than one means a duplicate already slipped through and must be counted.
   */
  lookup(query: SmsLookupQuery): Promise<SmsMessageState[]>;
}

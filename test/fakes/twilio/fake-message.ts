import { randomBytes } from 'node:crypto';

export type FakeMessageStatus =
  'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'canceled';

/** A message as the fake keeps it; `statusCallback` is kept for callbacks but, as at Twilio, never returned by the API. */
export interface FakeMessage {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  readonly statusCallback: string | null;
  status: FakeMessageStatus;
  errorCode: number | null;
  readonly dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** Twilio's dates: RFC 2822 in UTC with a numeric zone ("Thu, 30 Jul 2015 20:12:31 +0000"). */
export function twilioDate(date: Date | null): string | null {
  return date ? date.toUTCString().replace('GMT', '+0000') : null;
}

export function messageUri(message: FakeMessage): string {
  return `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`;
}

/** The JSON resource Twilio's Messages API returns for one message. */
export function messageResource(message: FakeMessage): Record<string, unknown> {
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: twilioDate(message.dateCreated),
    date_sent: twilioDate(message.dateSent),
    date_updated: twilioDate(message.dateUpdated),
    direction: 'outbound-api',
    error_code: message.errorCode,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(segmentCount(message.body)),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: messageUri(message).replace(/\.json$/, '/Media.json') },
    to: message.to,
    uri: messageUri(message),
  };
}

// Rough GSM-7 sizing: enough for a Twilio-shaped answer, not the project's segment budget (domain/sms-segments).
function segmentCount(body: string): number {
  return body.length <= 160 ? 1 : Math.ceil(body.length / 153);
}

import twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import type { SmsClaim, SmsLookupQuery, SmsMessageState, SmsSendInput, SmsSendResult, SmsSender } from '../sms';
import { toChannelError } from './classify-twilio-error';
import { RebasedRequestClient } from './rebased-request-client';
import { statusCallbackUrl } from './status-callback-url';

export interface TwilioSmsSenderOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Preferred sender: Twilio picks the number from the service's pool (and applies its opt-out handling). */
  readonly messagingServiceSid?: string;
  /** E.164 sending number, used when no Messaging Service is configured. */
  readonly from?: string;
  /** Public URL of our API; when set, every message asks for status callbacks carrying its notification key. */
  readonly statusCallbackBaseUrl?: string;
  /**
   * Another Twilio-compatible endpoint, e.g. `http://127.0.0.1:PORT` for the test fake. Unset in production.
   * Implemented with the client's `httpClient` option (see rebased-request-client.ts).
   */
  readonly baseUrl?: string;
  /** Per-request timeout; the library's default is 30 s. */
  readonly timeoutMs?: number;
  /** Reconciliation tuning: how far Twilio's clock may lag ours, and how many recent messages to a number to scan. */
  readonly lookup?: { readonly clockSkewMs?: number; readonly maxMessages?: number };
}

const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;
const DEFAULT_MAX_MESSAGES = 200;
const LOOKUP_PAGE_SIZE = 50;

/**
 * SMS through Twilio's Programmable Messaging API. 429s are not retried here (`autoRetry` stays off): Temporal's
 * retry policy and the campaign pacer own backoff, and they need to see the rate limit to slow down.
 */
export class TwilioSmsSender implements SmsSender {
  private readonly client: twilio.Twilio;
  private readonly sender: { messagingServiceSid: string } | { from: string };

  constructor(private readonly options: TwilioSmsSenderOptions) {
    if (options.messagingServiceSid) this.sender = { messagingServiceSid: options.messagingServiceSid };
    else if (options.from) this.sender = { from: options.from };
    else throw new Error('Twilio needs a Messaging Service SID or a From number');
    this.client = new twilio.Twilio(options.accountSid, options.authToken, {
      // The library's debug log prints request parameters, phone numbers included; TWILIO_LOG_LEVEL must not turn it on.
      logLevel: 'info',
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.baseUrl === undefined
        ? {}
        : { httpClient: new RebasedRequestClient(options.baseUrl, { timeout: options.timeoutMs }) }),
    });
  }

  async send(input: SmsSendInput): Promise<SmsSendResult> {
    const callback = this.options.statusCallbackBaseUrl
      ? { statusCallback: statusCallbackUrl(this.options.statusCallbackBaseUrl, input.idempotencyKey) }
      : {};
    try {
      const message = await this.client.messages.create({
        to: input.to,
        body: input.body,
        ...this.sender,
        ...callback,
      });
      return { providerMessageId: message.sid, status: message.status };
    } catch (error) {
      throw toChannelError(error, true);
    }
  }

  async lookup(query: SmsLookupQuery): Promise<SmsMessageState[]> {
    try {
      return 'providerMessageId' in query
        ? await this.fetchBySid(query.providerMessageId)
        : await this.findClaim(query.claim);
    } catch (error) {
      throw toChannelError(error, false);
    }
  }

  private async fetchBySid(sid: string): Promise<SmsMessageState[]> {
    try {
      return [toState(await this.client.messages(sid).fetch())];
    } catch (error) {
      if (error instanceof twilio.RestException && error.status === 404) return [];
      throw error;
    }
  }

  /**
   * Twilio has no idempotency key and does not return a message's StatusCallback, so a claimed message is found by
   * what we sent: recent messages to the number, from our sender, with the same body, created after the claim. The
   * list is filtered client-side on date_created because DateSent filters would miss messages still queued.
   */
  private async findClaim(claim: SmsClaim): Promise<SmsMessageState[]> {
    const skew = this.options.lookup?.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
    const since = claim.claimedAt.getTime() - skew;
    const recent = await this.client.messages.list({
      to: claim.to,
      limit: this.options.lookup?.maxMessages ?? DEFAULT_MAX_MESSAGES,
      pageSize: LOOKUP_PAGE_SIZE,
    });
    return recent
      .map((m) => ({ message: m, state: toState(m) }))
      .filter(
        ({ message, state }) =>
          message.body === claim.body && state.createdAt.getTime() >= since && this.isOurSender(message),
      )
      .map(({ state }) => state)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  private isOurSender(message: MessageInstance): boolean {
    return 'messagingServiceSid' in this.sender
      ? message.messagingServiceSid === this.sender.messagingServiceSid
      : message.from === this.sender.from;
  }
}

function toState(message: MessageInstance): SmsMessageState {
  return {
    providerMessageId: message.sid,
    status: message.status,
    errorCode: message.errorCode ?? null,
    // The library hands back the raw string when a date does not parse; Date accepts both.
    createdAt: new Date(message.dateCreated),
  };
}

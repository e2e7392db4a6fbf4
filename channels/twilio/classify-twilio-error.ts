import twilio from 'twilio';
import { ChannelError, type ChannelErrorKind, type ChannelErrorReason } from '../channel-error';
import { redactContact } from '../redact-contact';

export interface TwilioClassification {
  readonly kind: ChannelErrorKind;
  readonly reason: ChannelErrorReason;
}

/**
 * Twilio error codes we design against (reliability.md), from the REST API (2xxxx) and from delivery reports that
 * arrive in status callbacks (3xxxx). Codes not listed fall back to the HTTP status.
 */
const BY_CODE: ReadonlyMap<number, TwilioClassification> = new Map([
  [20429, { kind: 'transient', reason: 'rate_limited' }],
  [21211, { kind: 'permanent', reason: 'invalid_number' }],
  [21610, { kind: 'permanent', reason: 'opted_out' }],
  [21612, { kind: 'permanent', reason: 'unreachable' }],
  [21408, { kind: 'permanent', reason: 'unreachable' }],
  [21614, { kind: 'permanent', reason: 'unreachable' }],
  [21611, { kind: 'capacity', reason: 'queue_overflow' }],
  [30001, { kind: 'capacity', reason: 'queue_overflow' }],
  [30036, { kind: 'capacity', reason: 'expired' }],
  // Our credentials, account or sender are wrong: nothing about the recipient, and no retry will fix it.
  [20003, { kind: 'permanent', reason: 'misconfigured' }],
  [20404, { kind: 'permanent', reason: 'misconfigured' }],
  [21212, { kind: 'permanent', reason: 'misconfigured' }],
  [21603, { kind: 'permanent', reason: 'misconfigured' }],
  [21606, { kind: 'permanent', reason: 'misconfigured' }],
  // Delivery reports.
  [30003, { kind: 'transient', reason: 'temporary' }],
  [30004, { kind: 'permanent', reason: 'rejected' }],
  [30005, { kind: 'permanent', reason: 'invalid_number' }],
  [30006, { kind: 'permanent', reason: 'unreachable' }],
  [30007, { kind: 'permanent', reason: 'rejected' }],
  [30008, { kind: 'transient', reason: 'temporary' }],
]);

/**
 * Classifies a Twilio error code, with the HTTP status as fallback. Exported for the status-callback handler,
 * which sees delivery error codes (30001, 30036, ...) without an HTTP exchange of its own.
 */
export function classifyTwilioCode(code: number | null | undefined, httpStatus?: number): TwilioClassification {
  const known = code === null || code === undefined ? undefined : BY_CODE.get(code);
  if (known) return known;
  if (httpStatus === 429) return { kind: 'transient', reason: 'rate_limited' };
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'permanent', reason: 'misconfigured' };
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500)
    return { kind: 'permanent', reason: 'rejected' };
  return { kind: 'transient', reason: 'temporary' };
}

// Socket errors that mean the request never reached Twilio, as opposed to ones where the answer was lost.
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Turns what the twilio client threw into a ChannelError. `creating` says whether the call was a message create:
 * only then can a lost answer mean a message went out. Errors that are neither Twilio's nor the network's are bugs
 * and are returned unchanged.
 */
export function toChannelError(error: unknown, creating: boolean): unknown {
  if (error instanceof twilio.RestException) {
    const { kind, reason } = classifyTwilioCode(error.code, error.status);
    return new ChannelError(
      {
        channel: 'sms',
        kind,
        reason,
        providerCode: error.code ?? error.status,
        providerMessage: redactContact(error.message),
        // A 5xx on create may come after Twilio stored the message; 4xx answers (429 included) were not processed.
        mayHaveBeenDelivered: creating && error.status >= 500,
      },
      { cause: error },
    );
  }
  const networkCode = networkErrorCode(error);
  if (networkCode !== undefined) {
    return new ChannelError(
      {
        channel: 'sms',
        kind: 'transient',
        reason: 'temporary',
        providerCode: networkCode,
        mayHaveBeenDelivered: creating && !NOT_SENT_NETWORK_CODES.has(networkCode),
      },
      { cause: error },
    );
  }
  return error;
}

/** The socket-level code of an axios or Node network error (ECONNRESET, ETIMEDOUT, ECONNABORTED, ...). */
function networkErrorCode(error: unknown): string | undefined {
  // Shape, not `instanceof Error`: socket errors come from Node's own realm, which differs under jest's sandbox.
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'string') {
    return undefined;
  }
  const fromAxios = 'isAxiosError' in error && error.isAxiosError === true;
  return fromAxios || /^E[A-Z]+$/.test(error.code) ? error.code : undefined;
}

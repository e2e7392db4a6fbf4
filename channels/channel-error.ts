/**
 * The one error type every channel throws, so activities decide retry or give up from `kind` and `reason` without
 * knowing which provider was behind the interface. Messages carry no phone numbers, addresses or bodies: they end up
 * in Temporal failure messages and therefore in workflow histories.
 */

/**
 * - `permanent`: the same message would fail again; send it once, never retry it.
 * - `transient`: not processed this time; retry with backoff.
 * - `capacity`: the provider could not take it now (queue full, expired in the queue); retry later or use another
 *   channel, and do not send a time-sensitive message stale.
 */
export type ChannelErrorKind = 'permanent' | 'transient' | 'capacity';

export type ChannelErrorReason =
  // The recipient cannot be reached at this address or number: mark the contact, fall back where consented.
  | 'invalid_number'
  | 'opted_out'
  | 'unreachable'
  | 'mailbox_unavailable'
  | 'invalid_address'
  // The provider refused this message (content, size, policy); the recipient is not at fault.
  | 'rejected'
  // Our side is wrong (credentials, sender, account); no recipient should be marked for it.
  | 'misconfigured'
  | 'rate_limited'
  | 'queue_overflow'
  | 'expired'
  | 'temporary';

export type ChannelName = 'sms' | 'email';

export interface ChannelErrorDetails {
  readonly channel: ChannelName;
  readonly kind: ChannelErrorKind;
  readonly reason: ChannelErrorReason;
  /** The provider's own code (a Twilio error code, an SMTP reply code, a nodemailer or socket code). */
  readonly providerCode?: string | number;
  /** The provider's explanation with numbers and addresses masked. */
  readonly providerMessage?: string;
  /**
   * True when the request reached the provider and the answer was lost (socket dropped after the message was sent,
   * a 5xx on create): the message may have gone out, so look it up (SMS) or resend with the same Message-ID (email)
   * and count a possible duplicate rather than assume it failed.
   */
  readonly mayHaveBeenDelivered: boolean;
}

/** Reasons that say something about the recipient's address or number, as opposed to the message or our setup. */
const RECIPIENT_REASONS: ReadonlySet<ChannelErrorReason> = new Set([
  'invalid_number',
  'opted_out',
  'unreachable',
  'mailbox_unavailable',
  'invalid_address',
]);

export class ChannelError extends Error implements ChannelErrorDetails {
  readonly channel: ChannelName;
  readonly kind: ChannelErrorKind;
  readonly reason: ChannelErrorReason;
  readonly providerCode?: string | number;
  readonly providerMessage?: string;
  readonly mayHaveBeenDelivered: boolean;

  constructor(details: ChannelErrorDetails, options?: { cause?: unknown }) {
    const code = details.providerCode === undefined ? '' : ` (provider code ${details.providerCode})`;
    super(`${details.channel} ${details.kind} failure: ${details.reason}${code}`, options);
    this.name = 'ChannelError';
    this.channel = details.channel;
    this.kind = details.kind;
    this.reason = details.reason;
    if (details.providerCode !== undefined) this.providerCode = details.providerCode;
    if (details.providerMessage !== undefined) this.providerMessage = details.providerMessage;
    this.mayHaveBeenDelivered = details.mayHaveBeenDelivered;
  }

  /** Whether the recipient's contact should be marked (invalid, opted out, unreachable) because of this failure. */
  get concernsRecipient(): boolean {
    return RECIPIENT_REASONS.has(this.reason);
  }

  /** Plain data for logs and failure details; the cause (which may quote the provider verbatim) is left out. */
  toJSON(): ChannelErrorDetails & { name: string; message: string } {
    return {
      name: this.name,
      message: this.message,
      channel: this.channel,
      kind: this.kind,
      reason: this.reason,
      ...(this.providerCode === undefined ? {} : { providerCode: this.providerCode }),
      ...(this.providerMessage === undefined ? {} : { providerMessage: this.providerMessage }),
      mayHaveBeenDelivered: this.mayHaveBeenDelivered,
    };
  }
}

/** Realm-safe check (jest module registries, Temporal's activity boundary): trusts the name and shape, not the class. */
export function isChannelError(error: unknown): error is ChannelError {
  return (
    error instanceof ChannelError ||
    (typeof error === 'object' &&
      error !== null &&
      'name' in error &&
      error.name === 'ChannelError' &&
      'kind' in error &&
      'reason' in error)
  );
}

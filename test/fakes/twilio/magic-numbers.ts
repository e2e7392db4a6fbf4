/**
 * Twilio's documented test numbers for Messages (used with test credentials), mirrored so the same scenarios run
 * offline: each To or From number below produces the error Twilio documents for it.
 */
export interface MagicError {
  readonly code: number;
  readonly message: string;
}

export const MAGIC_TO: ReadonlyMap<string, MagicError> = new Map([
  ['+15005550001', { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." }],
  [
    '+15005550002',
    {
      code: 21612,
      message: "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS.",
    },
  ],
  [
    '+15005550003',
    {
      code: 21408,
      message:
        "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +15005550003.",
    },
  ],
  ['+15005550004', { code: 21610, message: 'Attempt to send to unsubscribed recipient' }],
  ['+15005550009', { code: 21614, message: "'To' number is not a valid mobile number" }],
]);

export const MAGIC_FROM: ReadonlyMap<string, MagicError> = new Map([
  [
    '+15005550001',
    {
      code: 21212,
      message: "The 'From' number +15005550001 is not a valid phone number, shortcode, or alphanumeric sender ID.",
    },
  ],
  [
    '+15005550007',
    {
      code: 21606,
      message:
        "The 'From' phone number provided (+15005550007) is not a valid message-capable Twilio phone number for this destination/account.",
    },
  ],
  ['+15005550008', { code: 21611, message: "This 'From' number has exceeded the maximum number of queued messages." }],
]);

/** The From number Twilio documents as always succeeding; the fake also uses it for Messaging Service sends. */
export const MAGIC_VALID_FROM = '+15005550006';

import { ChannelError, isChannelError } from '../../channels/channel-error';
import { redactContact } from '../../channels/redact-contact';
import { classifyTwilioCode } from '../../channels/twilio';

describe('Twilio code classification', () => {
  it.each([
    [20429, undefined, 'transient', 'rate_limited'],
    [undefined, 429, 'transient', 'rate_limited'],
    [21211, 400, 'permanent', 'invalid_number'],
    [21610, 400, 'permanent', 'opted_out'],
    [21612, 400, 'permanent', 'unreachable'],
    [21408, 400, 'permanent', 'unreachable'],
    [21614, 400, 'permanent', 'unreachable'],
    [21611, 400, 'capacity', 'queue_overflow'],
    [30001, undefined, 'capacity', 'queue_overflow'],
    [30036, undefined, 'capacity', 'expired'],
    [20003, 401, 'permanent', 'misconfigured'],
    [21617, 400, 'permanent', 'rejected'],
    [undefined, 500, 'transient', 'temporary'],
    [undefined, 503, 'transient', 'temporary'],
    [null, undefined, 'transient', 'temporary'],
  ])('code %p with HTTP %p is %s %s', (code, status, kind, reason) => {
    expect(classifyTwilioCode(code, status)).toEqual({ kind, reason });
  });
});

describe('ChannelError', () => {
  it('says what failed without any provider text, and survives a realm change by shape', () => {
    const error = new ChannelError({
      channel: 'sms',
      kind: 'permanent',
      reason: 'opted_out',
      providerCode: 21610,
      mayHaveBeenDelivered: false,
    });
    expect(error.message).toBe('sms permanent failure: opted_out (provider code 21610)');
    expect(error.concernsRecipient).toBe(true);
    const copied = Object.assign(new Error(error.message), JSON.parse(JSON.stringify(error)) as object);
    expect(isChannelError(copied)).toBe(true);
    expect(isChannelError(new Error('ChannelError'))).toBe(false);
  });
});

describe('redactContact', () => {
  it('masks phone numbers and email addresses but keeps SMTP status codes', () => {
    expect(redactContact("The 'To' number +15005550001 is not a valid phone number.")).toBe(
      "The 'To' number [number] is not a valid phone number.",
    );
    expect(redactContact('550 5.1.1 <jane.doe@customer.example>: Recipient address rejected')).toBe(
      '550 5.1.1 <[email]>: Recipient address rejected',
    );
  });
});

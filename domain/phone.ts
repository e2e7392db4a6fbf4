import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone numbers as notify stores and compares them: canonical E.164 (`+8613800138000`), nothing else. Inbound SMS
 * are routed by exact match on the sender's number, so a number accepted in another spelling (spaces, a national
 * trunk zero) would never match the `From` Twilio reports. The full ("max") metadata is used so that a number with
 * the right length but an unassigned prefix is rejected too.
 */

export const E164_EXAMPLE = '+8613800138000';

const E164_SHAPE = /^\+[1-9]\d{6,14}$/;

const EXPECTED = `expected an E.164 phone number like ${E164_EXAMPLE}`;

/** Why `text` is not a usable E.164 number, in words for the sender; undefined when it is one. */
export function e164Problem(text: string): string | undefined {
  if (!text.startsWith('+')) return `${EXPECTED} (starting with + and the country code)`;
  if (!E164_SHAPE.test(text)) return `${EXPECTED} (+ then 7 to 15 digits, no spaces or punctuation)`;
  const parsed = parsePhoneNumberFromString(text);
  if (parsed === undefined || !parsed.isValid())
    return `${EXPECTED}; these digits are not a valid number for the country code`;
  // libphonenumber drops a national trunk prefix (+44 07…); such a spelling would not match the provider's E.164.
  if (parsed.number !== text) return `${EXPECTED}, without the national trunk prefix after the country code`;
  return undefined;
}

export function isE164PhoneNumber(text: string): boolean {
  return e164Problem(text) === undefined;
}

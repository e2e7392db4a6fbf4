import { maskEmail, maskPhone } from './mask';
import { maskLinkTokens } from './mask-link-tokens';

/**
 * The last step before an API log line is written. Handlers already log ids and masked contacts only; this catches
 * what they do not control: text fastify composes (404 and error messages with the URL), error objects whose
 * properties quote a value (a database error's `detail: Key (email)=(…)`), and anything a future change forgets.
 * Link tokens lose their token; email addresses and E.164 numbers, plain or URL-encoded, are masked the way handlers
 * mask them (architecture.md 7). Already-masked values (`z***@example.com`, `+86******1234`) do not match again.
 */
export function scrubLogLine(line: string): string {
  return maskLinkTokens(line)
    .replace(EMAIL, (email) => maskEmail(email))
    .replace(ENCODED_EMAIL, (email) => encodeURIComponent(maskEmail(safeDecode(email))))
    .replace(PHONE, (phone) => maskPhone(phone))
    .replace(ENCODED_PHONE, (phone) => encodeURIComponent(maskPhone(safeDecode(phone))));
}

const EMAIL = /[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const ENCODED_EMAIL = /[A-Za-z0-9._-]+(?:%2B[A-Za-z0-9._-]+)*%40[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gi;
/** An E.164 number: `+` and 8 to 15 digits, not glued to other digits. */
const PHONE = /(?<![\d+])\+\d{8,15}(?!\d)/g;
const ENCODED_PHONE = /%2B\d{8,15}(?!\d)/gi;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

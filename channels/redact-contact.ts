/**
 * Providers quote the recipient in their error texts ("The 'To' number +15005550001 is not a valid phone number",
 * "550 5.1.1 <jane@example.com>: mailbox unavailable"). Those texts travel into failures, logs and histories, so
 * numbers and addresses are masked before they leave the channel. We only ever send E.164 numbers, and providers
 * echo them back as given, so a run of six or more digits is the shape to mask (SMTP's "5.1.1" is left alone).
 */
const EMAIL = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g;
const PHONE = /\+?\d{6,}/g;

export function redactContact(text: string): string {
  return text.replace(EMAIL, '[email]').replace(PHONE, '[number]');
}

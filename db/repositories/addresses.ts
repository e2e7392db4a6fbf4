/**
 * Addresses as the data layer stores and compares them. Phone numbers arrive validated as E.164 from the domain
 * layer; email addresses are compared case-insensitively, so they are stored lower-cased.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function normalizeAddress(channel: 'sms' | 'email', address: string): string {
  return channel === 'email' ? normalizeEmail(address) : address.trim();
}

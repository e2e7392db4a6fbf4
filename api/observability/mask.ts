/**
 * Contact details in logs are masked (architecture.md 7): enough to tell two customers apart when reading a log,
 * never enough to reach them. `+8613812341234` → `+86******1234`, `zoe@example.com` → `z***@example.com`.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  if (digits.length < 7) return '***';
  const country = digits.startsWith('+') ? digits.slice(0, 3) : '';
  const rest = digits.slice(country.length);
  return `${country}${'*'.repeat(Math.max(rest.length - 4, 2))}${rest.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Masks whichever it is: an address with `@` as email, anything else as a phone number. */
export function maskAddress(address: string): string {
  return address.includes('@') ? maskEmail(address) : maskPhone(address);
}

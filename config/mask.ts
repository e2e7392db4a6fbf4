/** Masking for anything printed about configuration: secrets never reach a terminal or a log in full. */

const MASK = '********';

export function maskSecret(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.length === 0 ? '' : MASK;
}

/**
 * Hides the password of a URL while keeping scheme, host and path readable; returns undefined for text that is not a
 * URL, so the caller chooses between showing it (ordinary settings) and masking it whole (secrets).
 */
export function maskUrlPassword(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  try {
    const url = new URL(value);
    if (url.password) url.password = MASK;
    return url.toString();
  } catch {
    return undefined;
  }
}

/** A secret URL (DATABASE_URL, SMTP_URL): host visible, password hidden; anything unparseable hidden whole. */
export function maskSecretUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return value;
  return maskUrlPassword(value) ?? MASK;
}

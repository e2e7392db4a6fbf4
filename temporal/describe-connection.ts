import type { TemporalSettings } from '../config/temporal-settings';

/** `shop.tmprl.cloud:7233 (TLS, API key)`: what start-up lines say about the connection, never a secret. */
export function describeConnection(temporal: TemporalSettings): string {
  const security = [temporal.tls ? (temporal.tls.clientCert ? 'mutual TLS' : 'TLS') : 'plaintext'];
  if (temporal.apiKey !== undefined) security.push('API key');
  return `${temporal.address} (${security.join(', ')})`;
}

import type { Config } from './config';
import { maskSecret, maskSecretUrl } from './mask';
import type { PemSource, TemporalSettings } from './temporal-settings';

/** The configuration as it may be shown to a person or a log: every secret masked, nothing else changed. */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    temporal: redactTemporal(config.temporal),
    database: { ...config.database, url: maskSecretUrl(config.database.url) },
    api: {
      ...config.api,
      ingestSecret: maskSecret(config.api.ingestSecret),
      ingestSecretPrevious: maskSecret(config.api.ingestSecretPrevious),
      metricsToken: maskSecret(config.api.metricsToken),
    },
    channels: {
      sms: { ...config.channels.sms, authToken: maskSecret(config.channels.sms.authToken) },
      email: { ...config.channels.email, smtpUrl: maskSecretUrl(config.channels.email.smtpUrl) },
    },
  };
}

/** The API key, an inline client key and gRPC header values (often credentials) are secrets; file names are not. */
function redactTemporal(temporal: TemporalSettings): TemporalSettings {
  return {
    ...temporal,
    apiKey: maskSecret(temporal.apiKey),
    tls: temporal.tls && { ...temporal.tls, clientKey: redactPem(temporal.tls.clientKey) },
    metadata: Object.fromEntries(
      Object.entries(temporal.metadata).map(([name, value]) => [name, maskSecret(value) ?? '']),
    ),
  };
}

function redactPem(source: PemSource | undefined): PemSource | undefined {
  return source && 'pem' in source ? { pem: maskSecret(source.pem) ?? '' } : source;
}

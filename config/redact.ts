import type { Config } from './config';
import { maskSecret, maskSecretUrl } from './mask';

/** The configuration as it may be shown to a person or a log: every secret masked, nothing else changed. */
export function redactConfig(config: Config): Config {
  return {
    ...config,
    database: { ...config.database, url: maskSecretUrl(config.database.url) },
    api: { ...config.api, ingestSecret: maskSecret(config.api.ingestSecret) },
    channels: {
      sms: { ...config.channels.sms, authToken: maskSecret(config.channels.sms.authToken) },
      email: { ...config.channels.email, smtpUrl: maskSecretUrl(config.channels.email.smtpUrl) },
    },
  };
}

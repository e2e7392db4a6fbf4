/**
 * Environment variables the configuration honours. `path` is where the value lands in temporal.yaml's shape, so an
 * error about it can name both the key and the variable it came from.
 */
export const FILE_OVERRIDES = [
  { env: 'TEMPORAL_ADDRESS', path: ['temporal', 'address'] },
  { env: 'TEMPORAL_NAMESPACE', path: ['temporal', 'namespace'] },
  { env: 'NOTIFY_DATA_DIR', path: ['database', 'dataDir'] },
  { env: 'NOTIFY_API_HOST', path: ['api', 'host'] },
  { env: 'NOTIFY_API_PORT', path: ['api', 'port'] },
  { env: 'NOTIFY_PUBLIC_URL', path: ['api', 'publicUrl'] },
  { env: 'TWILIO_ACCOUNT_SID', path: ['channels', 'sms', 'accountSid'] },
  { env: 'TWILIO_MESSAGING_SERVICE_SID', path: ['channels', 'sms', 'messagingServiceSid'] },
  { env: 'TWILIO_FROM', path: ['channels', 'sms', 'from'] },
  { env: 'EMAIL_FROM', path: ['channels', 'email', 'from'] },
] as const;

/** Secrets never live in the file: only here. Keys are those of `secretsSchema`. */
export const SECRET_VARIABLES = {
  databaseUrl: 'DATABASE_URL',
  ingestSecret: 'NOTIFY_INGEST_SECRET',
  ingestSecretPrevious: 'NOTIFY_INGEST_SECRET_PREVIOUS',
  metricsToken: 'NOTIFY_METRICS_TOKEN',
  twilioAuthToken: 'TWILIO_AUTH_TOKEN',
  smtpUrl: 'SMTP_URL',
} as const;

export type Environment = Readonly<Record<string, string | undefined>>;

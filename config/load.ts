import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Config, ConfigError, type ConfigIssue } from './config';
import { type Environment, FILE_OVERRIDES, SECRET_VARIABLES } from './environment';
import { maskSecret, maskSecretUrl, maskUrlPassword } from './mask';
import { toPolicy } from './policy';
import { type FileConfig, fileSchema, type Secrets, secretsSchema } from './schema';
import { resolveTemporalSettings } from './temporal-resolve';
import type { TemporalSettings } from './temporal-settings';

/** The shipped defaults; `--config FILE` or NOTIFY_CONFIG points elsewhere. */
export const DEFAULT_CONFIG_FILE = path.join(__dirname, '..', 'temporal.yaml');

export interface LoadOptions {
  readonly file?: string;
  readonly env?: Environment;
}

/** Reads and parses the configuration once, at an entry point. Throws ConfigError listing every problem. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = path.resolve(options.file ?? env.NOTIFY_CONFIG ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    throw new ConfigError(file, [{ path: '(file)', message: reason }]);
  }
  return parseConfig(text, file, env);
}

/** Parses configuration text (YAML) with environment overrides; pure apart from its inputs, so tests call it directly. */
export function parseConfig(text: string, source: string, env: Environment): Config {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => ({
        path: '(yaml)',
        message: `${e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : ''}${e.message.split('\n')[0]}`,
      })),
    );
  }
  const raw: unknown = document.toJS() ?? {};
  const overridden = new Map<string, string>();
  for (const { env: name, path: keyPath } of FILE_OVERRIDES) {
    const value = env[name];
    if (value === undefined) continue;
    setPath(raw, keyPath, value);
    overridden.set(keyPath.join('.'), name);
  }

  const issues: ConfigIssue[] = [];
  const file = fileSchema.safeParse(raw, { reportInput: true });
  if (!file.success) issues.push(...file.error.issues.flatMap((i) => toIssues(i, raw, overridden)));

  const secretInput = Object.fromEntries(Object.entries(SECRET_VARIABLES).map(([key, name]) => [key, env[name] ?? '']));
  const secrets = secretsSchema.safeParse(secretInput);
  if (!secrets.success) {
    for (const i of secrets.error.issues) {
      const key = String(i.path[0]) as keyof typeof SECRET_VARIABLES;
      const value = env[SECRET_VARIABLES[key]];
      const shown = key === 'databaseUrl' || key === 'smtpUrl' ? maskSecretUrl(value) : maskSecret(value);
      issues.push({ path: SECRET_VARIABLES[key], message: i.message, value: shown });
    }
  }
  if (file.success && secrets.success) issues.push(...crossChecks(file.data, secrets.data));
  // temporal.yaml's connection with the SDK's TEMPORAL_* variables and temporal.toml profile layered over it.
  const temporal = file.success ? resolveTemporalSettings(file.data.temporal, source, env) : undefined;
  if (temporal && !temporal.ok) issues.push(...temporal.issues);
  if (issues.length > 0 || !temporal?.ok) throw new ConfigError(source, issues);

  return deepFreeze(
    assemble(source, (file as { data: FileConfig }).data, temporal.settings, (secrets as { data: Secrets }).data),
  );
}

function assemble(source: string, file: FileConfig, temporal: TemporalSettings, secrets: Secrets): Config {
  return {
    source,
    temporal,
    database: { url: secrets.databaseUrl, dataDir: file.database.dataDir },
    api: {
      host: file.api.host,
      port: file.api.port,
      publicUrl: file.api.publicUrl.replace(/\/+$/, ''),
      bodyLimitBytes: file.api.bodyLimitBytes,
      maxEventsPerRequest: file.api.maxEventsPerRequest,
      signatureToleranceMs: file.api.signatureTolerance,
      replyLinkTtlMs: file.api.replyLinkTtl,
      unsubscribeLinkTtlMs: file.api.unsubscribeLinkTtl,
      requestTimeoutMs: file.api.requestTimeout,
      maxRequestsInFlight: file.api.maxRequestsInFlight,
      rateLimitPerMinute: file.api.rateLimitPerMinute,
      webhookRateLimitPerMinute: file.api.webhookRateLimitPerMinute,
      trustedProxies: file.api.trustedProxies,
      ingestSecret: secrets.ingestSecret,
      ingestSecretPrevious: secrets.ingestSecretPrevious,
      metricsToken: secrets.metricsToken,
    },
    channels: {
      sms: { ...file.channels.sms, authToken: secrets.twilioAuthToken },
      email: { ...file.channels.email, smtpUrl: secrets.smtpUrl },
    },
    shop: file.shop,
    alerts: { email: file.alerts.email, webhookUrl: file.alerts.webhookUrl, locale: file.alerts.locale },
    policy: toPolicy(file.policy),
  };
}

/** Rules that span keys: an explicitly chosen provider must have what it needs. */
function crossChecks(file: FileConfig, secrets: Secrets): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const sms = file.channels.sms;
  if (sms.provider === 'twilio') {
    if (!sms.accountSid) issues.push({ path: 'channels.sms.accountSid', message: 'required when provider is twilio' });
    if (!secrets.twilioAuthToken)
      issues.push({ path: 'TWILIO_AUTH_TOKEN', message: 'required when provider is twilio' });
    if (!sms.messagingServiceSid && !sms.from) {
      issues.push({
        path: 'channels.sms.from',
        message: 'set a Messaging Service SID or a From number when provider is twilio',
      });
    }
  }
  if (file.channels.email.provider === 'smtp' && !secrets.smtpUrl) {
    issues.push({ path: 'SMTP_URL', message: 'required when channels.email.provider is smtp' });
  }
  return issues;
}

function toIssues(issue: z.core.$ZodIssue, raw: unknown, overridden: Map<string, string>): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => describe([...issue.path, key], 'unknown key', raw, overridden));
  }
  return [describe(issue.path, issue.message, raw, overridden)];
}

function describe(
  keyPath: readonly PropertyKey[],
  message: string,
  raw: unknown,
  overridden: Map<string, string>,
): ConfigIssue {
  const dotted = keyPath.map(String).join('.');
  const fromEnv = overridden.get(dotted);
  const value = getPath(raw, keyPath);
  return {
    path: fromEnv ? `${dotted} (from ${fromEnv})` : dotted || '(root)',
    message: value === undefined && !message.startsWith('unknown') ? 'missing' : message,
    ...(value === undefined ? {} : { value: showValue(value) }),
  };
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(maskUrlPassword(value) ?? value);
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function getPath(root: unknown, keyPath: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of keyPath) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function setPath(root: unknown, keyPath: readonly string[], value: string): void {
  if (root === null || typeof root !== 'object') return;
  let node = root as Record<string, unknown>;
  for (const key of keyPath.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keyPath[keyPath.length - 1] as string] = value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { ConfigDataSource } from '@temporalio/envconfig';
import type { ConfigIssue } from './config';
import type { Environment } from './environment';
import { HOST_PORT, type FileConfig } from './schema';
import { readTemporalProfile, type TemporalProfileLayers } from './temporal-profile';
import type { PemSource, TemporalSettings, TemporalSetting, TemporalTls } from './temporal-settings';

export type TemporalResolution =
  | { readonly ok: true; readonly settings: TemporalSettings }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** The environment variables behind each TLS setting, as envconfig reads them. */
const TLS_VARIABLES = {
  serverName: ['TEMPORAL_TLS_SERVER_NAME'],
  serverCa: ['TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_DATA'],
  clientCert: ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_CERT_DATA'],
  clientKey: ['TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_CLIENT_KEY_DATA'],
} as const;

/**
 * Precedence, per setting: an explicit TEMPORAL_* environment variable, then the envconfig profile (TEMPORAL_PROFILE,
 * default "default", in TEMPORAL_CONFIG_FILE or the user's temporal.toml), then temporal.yaml. TLS is on when any TLS
 * setting or an API key is given, unless TEMPORAL_TLS=false or the profile's `tls.disabled` turns it off: the SDK's
 * rules. temporal.yaml's address and namespace have already had TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE applied.
 */
export function resolveTemporalSettings(
  yaml: FileConfig['temporal'],
  source: string,
  env: Environment,
): TemporalResolution {
  const reading = readTemporalProfile(env);
  if (!reading.ok) return reading;
  const layers = reading.layers;
  const where = new Origins(layers, env);
  const origin: Partial<Record<TemporalSetting, string>> = {};
  const issues: ConfigIssue[] = [];

  const pick = (setting: 'address' | 'namespace', envVar: string): string => {
    const fromProfile = layers.fromFile[setting];
    if (env[envVar] === undefined && fromProfile !== undefined) {
      origin[setting] = where.profile;
      return fromProfile;
    }
    origin[setting] = env[envVar] === undefined ? `temporal.${setting} in ${source}` : `env ${envVar}`;
    return yaml[setting];
  };
  const address = pick('address', 'TEMPORAL_ADDRESS');
  if (!HOST_PORT.test(address)) {
    issues.push({ path: `address (from ${origin.address})`, message: 'expected host:port', value: `"${address}"` });
  }
  const namespace = pick('namespace', 'TEMPORAL_NAMESPACE');
  if (namespace === '') issues.push({ path: `namespace (from ${origin.namespace})`, message: 'must not be empty' });

  // An exported-but-empty TEMPORAL_API_KEY means "none", not an empty key that would switch TLS on.
  const apiKey = layers.merged.apiKey || undefined;
  if (apiKey !== undefined) origin.apiKey = where.of(layers.fromEnv.apiKey, ['TEMPORAL_API_KEY']);
  const tls = resolveTls(layers, apiKey !== undefined, where, origin, issues);
  issues.push(...unsupported(env));

  const metadata = layers.merged.grpcMeta ?? {};
  if (Object.keys(metadata).length > 0) origin.metadata = where.ofMetadata();
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    settings: { address, namespace, taskQueue: yaml.taskQueue, tls, apiKey, metadata: { ...metadata }, origin },
  };
}

/**
 * TLS by the SDK's rules: on when any TLS setting or an API key is given, off when TEMPORAL_TLS=false or the
 * profile's `tls.disabled` says so. Records each setting's origin and the problems an operator can fix now (a file
 * that is not there, half a client certificate pair) rather than at the first connection.
 */
function resolveTls(
  layers: TemporalProfileLayers,
  hasApiKey: boolean,
  where: Origins,
  origin: Partial<Record<TemporalSetting, string>>,
  issues: ConfigIssue[],
): TemporalTls | undefined {
  const settings = layers.merged.tls;
  const on = settings?.disabled === true ? false : settings !== undefined || hasApiKey;
  origin.tls = where.ofTls(on);
  if (!on) return undefined;
  const tls: TemporalTls = {
    serverName: settings?.serverName,
    serverCa: pemSource(settings?.serverCACert),
    clientCert: pemSource(settings?.clientCert),
    clientKey: pemSource(settings?.clientKey),
  };
  for (const setting of ['serverName', 'serverCa', 'clientCert', 'clientKey'] as const) {
    if (tls[setting] === undefined) continue;
    origin[setting] = where.of(layers.fromEnv.tls?.[ENVCONFIG_TLS_KEYS[setting]], TLS_VARIABLES[setting]);
    const file = fileOf(tls[setting]);
    if (file !== undefined && !readable(file)) {
      issues.push({
        path: `${setting} (from ${origin[setting]})`,
        message: 'file not found or not readable',
        value: `"${file}"`,
      });
    }
  }
  if ((tls.clientCert === undefined) !== (tls.clientKey === undefined)) {
    issues.push({
      path: tls.clientCert ? `clientCert (from ${origin.clientCert})` : `clientKey (from ${origin.clientKey})`,
      message: 'mutual TLS needs both a client certificate and its key',
    });
  }
  return tls;
}

/** Settings of the specification that the TypeScript SDK cannot honour: refused, not silently ignored. */
function unsupported(env: Environment): ConfigIssue[] {
  if (!['1', 'true'].includes(env.TEMPORAL_TLS_DISABLE_HOST_VERIFICATION ?? '')) return [];
  return [
    {
      path: 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
      message:
        "not supported by the TypeScript SDK: set TEMPORAL_TLS_SERVER_NAME to a name the server's certificate carries",
    },
  ];
}

const ENVCONFIG_TLS_KEYS = {
  serverName: 'serverName',
  serverCa: 'serverCACert',
  clientCert: 'clientCert',
  clientKey: 'clientKey',
} as const;

/** Names the layer a setting came from, in the words `notify config check` prints. */
class Origins {
  readonly profile: string;

  constructor(
    private readonly layers: TemporalProfileLayers,
    private readonly env: Environment,
  ) {
    this.profile = `profile "${layers.profileName}" in ${layers.file}`;
  }

  /** The environment variable that set it when the environment layer has it, else the profile. */
  of(fromEnv: unknown, variables: readonly string[]): string {
    if (fromEnv === undefined) return this.profile;
    const set = variables.filter((name) => this.env[name] !== undefined);
    return `env ${set.join(', ')}`;
  }

  ofTls(on: boolean): string {
    const { fromEnv, fromFile } = this.layers;
    if (this.env.TEMPORAL_TLS !== undefined) return 'env TEMPORAL_TLS';
    if (fromFile.tls?.disabled !== undefined) return this.profile;
    if (on && fromEnv.tls !== undefined) {
      const set = Object.keys(this.env).filter(
        (name) => name.startsWith('TEMPORAL_TLS_') && this.env[name] !== undefined,
      );
      return `env ${set.sort().join(', ')} (TLS settings turn TLS on)`;
    }
    if (on && fromFile.tls !== undefined) return `${this.profile} (its tls settings turn TLS on)`;
    if (on) return `the API key (an API key turns TLS on)`;
    return 'the default (no TLS settings, no API key)';
  }

  ofMetadata(): string {
    const fromEnv = Object.keys(this.env).some((name) => name.startsWith('TEMPORAL_GRPC_META_'));
    const fromFile = this.layers.fromFile.grpcMeta !== undefined;
    return [fromFile ? this.profile : undefined, fromEnv ? 'env TEMPORAL_GRPC_META_*' : undefined]
      .filter((s) => s !== undefined)
      .join(' and ');
  }
}

/** Paths are made absolute now, so every process and `config check` name the same file. */
function pemSource(source: ConfigDataSource | undefined): PemSource | undefined {
  if (source === undefined) return undefined;
  if ('path' in source) return { file: path.resolve(source.path) };
  return { pem: typeof source.data === 'string' ? source.data : Buffer.from(source.data).toString('utf8') };
}

function fileOf(value: PemSource | string | undefined): string | undefined {
  return typeof value === 'object' && 'file' in value ? value.file : undefined;
}

function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

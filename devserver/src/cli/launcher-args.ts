import { type ClockMode } from '../clock/virtual-clock';
import { parseIndexedValueType, type IndexedValueType } from '../namespace/search-attribute-registry';

export interface LauncherOptions {
  readonly form: 'test-server' | 'dev-server';
  readonly host: string;
  readonly port: number;
  readonly clockMode: ClockMode;
  readonly startTimeMs?: number;
  readonly namespaces: readonly string[];
  readonly searchAttributes: ReadonlyArray<readonly [string, IndexedValueType]>;
  /** From `--dynamic-config-value history.longPollExpirationInterval=5s` (the SDK's update tests lower it). */
  readonly updatePollMs?: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** PEM files to serve TLS with (`--tls-cert`, `--tls-key`; `--tls-client-ca` requires client certificates). */
  readonly tls?: { readonly certPath: string; readonly keyPath: string; readonly clientCaPath?: string };
  /** `--db-filename FILE` (the Temporal CLI's flag): keep state in this journal; absent = in memory. */
  readonly dbFilename?: string;
  /** `--retention 24h`: how long closed runs are kept (persistent mode only). */
  readonly retentionMs: number;
}

export class LauncherArgsError extends Error {}

export const USAGE = [
  'usage: temporal-lite <port> [--enable-time-skipping] [--start-time <ISO-8601>] [--search-attribute Name=Type]...',
  '                            [--dynamic-config-value history.longPollExpirationInterval=<duration>]',
  '       temporal-lite server start-dev [--port P] [--ip A] [--namespace N]... [--search-attribute Name=Type]...',
  '                                      [--start-time <ISO-8601>] [other temporal CLI flags are accepted and ignored]',
  '                                      [--db-filename <file> [--retention <duration, default 24h>]]',
  '       either form: [--tls-cert <PEM file> --tls-key <PEM file> [--tls-client-ca <PEM file>]] to serve TLS',
].join('\n');

const DEV_SERVER_BOOLEAN_FLAGS = new Set(['--headless']);
const DEFAULT_DEV_PORT = 7233;
const DEFAULT_RETENTION_MS = 24 * 3_600_000;

function parsePort(text: string | undefined): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new LauncherArgsError(`invalid port: ${text ?? ''}`);
  return port;
}

function parseStartTime(text: string | undefined): number {
  const ms = Date.parse(text ?? '');
  if (Number.isNaN(ms)) throw new LauncherArgsError(`invalid --start-time (expected ISO-8601): ${text ?? ''}`);
  return ms;
}

/** `5s`, `500ms`, `2m` → ms (Go duration subset used by dynamic config). */
function parseGoDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) return undefined;
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

/** Splits `--flag=value` into `--flag value`. */
function normalise(argv: readonly string[]): string[] {
  return argv.flatMap((arg) => {
    const eq = arg.indexOf('=');
    return arg.startsWith('--') && eq > 2 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg];
  });
}

/** Parses both launcher forms: the time-skipping test server's and the Temporal CLI dev server's. */
export function parseLauncherArgs(rawArgv: readonly string[]): LauncherOptions {
  const argv = normalise(rawArgv);
  if (argv[0] === 'server' && argv[1] === 'start-dev') {
    return parseFlags(argv.slice(2), { form: 'dev-server', port: DEFAULT_DEV_PORT, clockMode: 'real' });
  }
  if (argv.length === 0 || argv[0]?.startsWith('-')) throw new LauncherArgsError(USAGE);
  return parseFlags(argv.slice(1), { form: 'test-server', port: parsePort(argv[0]), clockMode: 'skipping-locked' });
}

type FormDefaults = Pick<LauncherOptions, 'form' | 'port' | 'clockMode'>;

/**
 * Flags shared by both forms. The dev-server form accepts (and ignores) any other Temporal CLI flag; the test-server
 * form rejects unknown ones, as the Java test server does.
 */
function parseFlags(argv: readonly string[], defaults: FormDefaults): LauncherOptions {
  let { port, clockMode } = defaults;
  let host = 'localhost';
  let startTimeMs: number | undefined;
  let updatePollMs: number | undefined;
  let dbFilename: string | undefined;
  let retentionMs = DEFAULT_RETENTION_MS;
  let logLevel: LauncherOptions['logLevel'] = 'warn';
  const tlsPaths: { cert?: string; key?: string; clientCa?: string } = {};
  const namespaces = ['default'];
  const searchAttributes: Array<readonly [string, IndexedValueType]> = [];
  const devServer = defaults.form === 'dev-server';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new LauncherArgsError(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--port':
      case '-p':
        port = parsePort(value());
        break;
      case '--ip':
        host = value();
        break;
      case '--enable-time-skipping':
        if (!devServer) clockMode = 'skipping-unlocked';
        break;
      case '--namespace':
      case '-n': {
        const name = value();
        if (!namespaces.includes(name)) namespaces.push(name);
        break;
      }
      case '--search-attribute': {
        const spec = value();
        const [name, typeName] = spec.split('=');
        const type = parseIndexedValueType(typeName ?? '');
        if (!name || type === undefined) throw new LauncherArgsError(`invalid --search-attribute: ${spec}`);
        searchAttributes.push([name, type]);
        break;
      }
      case '--start-time':
        startTimeMs = parseStartTime(value());
        break;
      case '--log-level': {
        const level = value();
        if (level === 'debug' || level === 'info' || level === 'warn' || level === 'error') logLevel = level;
        break;
      }
      case '--tls-cert':
        tlsPaths.cert = value();
        break;
      case '--tls-key':
        tlsPaths.key = value();
        break;
      case '--tls-client-ca':
        tlsPaths.clientCa = value();
        break;
      case '--db-filename':
        dbFilename = value();
        break;
      case '--retention': {
        const text = value();
        const ms = parseGoDuration(text);
        if (ms === undefined || ms <= 0) throw new LauncherArgsError(`invalid --retention (e.g. 24h, 90m): ${text}`);
        retentionMs = ms;
        break;
      }
      case '--dynamic-config-value': {
        const [key, setting] = value().split('=');
        if (key === 'history.longPollExpirationInterval' && setting) {
          updatePollMs = parseGoDuration(setting.replace(/^"|"$/g, '')) ?? updatePollMs;
        }
        break;
      }
      default:
        if (!devServer || !arg.startsWith('-')) throw new LauncherArgsError(`unexpected argument: ${arg}\n${USAGE}`);
        // Unknown CLI flags are accepted; one followed by a non-flag token takes it as its value.
        if (!DEV_SERVER_BOOLEAN_FLAGS.has(arg) && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('-')) i++;
    }
  }
  // A virtual clock's "now" means nothing after a restart: persistence is for real time only.
  if (dbFilename !== undefined && clockMode !== 'real') {
    throw new LauncherArgsError('--db-filename needs real time; it cannot be combined with time skipping');
  }
  return {
    ...tlsOption(tlsPaths),
    ...(dbFilename === undefined ? {} : { dbFilename }),
    retentionMs,
    form: defaults.form,
    host,
    port,
    clockMode,
    startTimeMs,
    namespaces,
    searchAttributes,
    updatePollMs,
    logLevel,
  };
}

function tlsOption(paths: { cert?: string; key?: string; clientCa?: string }): Pick<LauncherOptions, 'tls'> {
  const { cert, key, clientCa } = paths;
  if (cert === undefined && key === undefined && clientCa === undefined) return {};
  if (cert === undefined || key === undefined) {
    throw new LauncherArgsError('--tls-cert and --tls-key go together (and --tls-client-ca needs both)');
  }
  return { tls: { certPath: cert, keyPath: key, ...(clientCa === undefined ? {} : { clientCaPath: clientCa }) } };
}

import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { PemSource, TemporalSettings, TemporalTls } from '../config/temporal-settings';

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take to reach a server. */
export interface TemporalConnectionOptions {
  readonly address: string;
  /** `false` rather than undefined: an API key alone would otherwise switch TLS on behind the configuration's back. */
  readonly tls: TLSConfig | false;
  readonly apiKey?: string;
  readonly metadata?: Record<string, string>;
}

/**
 * The one translation from configuration to connection options, used by the worker, the API and every CLI command.
 * PEM files are read here, at connect time, so a renewed certificate is picked up by the next process.
 */
export function connectionOptions(settings: TemporalSettings): TemporalConnectionOptions {
  const metadata = Object.keys(settings.metadata).length > 0 ? { ...settings.metadata } : undefined;
  return {
    address: settings.address,
    tls: settings.tls ? tlsConfig(settings.tls) : false,
    ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

function tlsConfig(tls: TemporalTls): TLSConfig {
  const crt = readPem(tls.clientCert, 'client certificate');
  const key = readPem(tls.clientKey, 'client key');
  return {
    ...(tls.serverName === undefined ? {} : { serverNameOverride: tls.serverName }),
    ...(tls.serverCa === undefined ? {} : { serverRootCACertificate: readPem(tls.serverCa, 'server CA certificate') }),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

function readPem(source: PemSource, what: string): Buffer;
function readPem(source: PemSource | undefined, what: string): Buffer | undefined;
function readPem(source: PemSource | undefined, what: string): Buffer | undefined {
  if (source === undefined) return undefined;
  if ('pem' in source) return Buffer.from(source.pem, 'utf8');
  try {
    return readFileSync(source.file);
  } catch (err) {
    throw new Error(`cannot read the Temporal TLS ${what} ${source.file}: ${(err as Error).message}`, { cause: err });
  }
}

/** PEM material named in configuration: a file (read when connecting) or the PEM text itself (`*_DATA`, `*_data`). */
export type PemSource = { readonly file: string } | { readonly pem: string };

/** TLS towards Temporal. Absent settings mean the SDK defaults: the system's CAs, the address's host name, no client cert. */
export interface TemporalTls {
  /** The name the server's certificate must carry when it differs from the address's host (SNI and verification). */
  readonly serverName: string | undefined;
  /** The CA that issued the server's certificate, when it is not one the system trusts. */
  readonly serverCa: PemSource | undefined;
  /** Client certificate and key for mutual TLS: both or neither. */
  readonly clientCert: PemSource | undefined;
  readonly clientKey: PemSource | undefined;
}

/** The settings `notify config check` reports the origin of. */
export type TemporalSetting =
  'address' | 'namespace' | 'tls' | 'serverName' | 'serverCa' | 'clientCert' | 'clientKey' | 'apiKey' | 'metadata';

/**
 * How notify reaches Temporal: temporal.yaml's `temporal` section with the SDK's own environment and profile
 * configuration (`@temporalio/envconfig`) layered over it. Every process (worker, API, CLI) connects with these.
 */
export interface TemporalSettings {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Undefined: plaintext, as the embedded default and a local `temporal server start-dev` expect. */
  readonly tls: TemporalTls | undefined;
  /** Sent as `Authorization: Bearer <key>` (Temporal Cloud API keys). A secret. */
  readonly apiKey: string | undefined;
  /** Extra gRPC headers (a profile's `grpc_meta`, TEMPORAL_GRPC_META_*); values may be credentials, so masked. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Where each setting that is set came from: `temporal.yaml`, `env TEMPORAL_…`, or `profile "p" in FILE`. */
  readonly origin: Readonly<Partial<Record<TemporalSetting, string>>>;
}

/** A plaintext connection with nothing layered over it: a local server (tests, benches, the embedded default). */
export function plaintextTemporal(
  where: Pick<TemporalSettings, 'address' | 'namespace' | 'taskQueue'>,
): TemporalSettings {
  return { ...where, tls: undefined, apiKey: undefined, metadata: {}, origin: {} };
}

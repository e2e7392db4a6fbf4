import type { PemSource, TemporalSettings } from '../config/temporal-settings';
import type { TemporalConnectionOptions } from './connection-options';
import { probeTls, type TlsProblem } from './tls-probe';

/** A connection to Temporal that could not be made; the message is meant for an operator's terminal, one line. */
export class TemporalConnectError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'TemporalConnectError';
  }
}

const PROBE_TIMEOUT_MS = 3_000;

/**
 * Turns an SDK connection failure into a clear error. Plaintext: where, and how to start or point at a Temporal.
 * TLS: a second, plain handshake with the same material says whether the certificate was the problem.
 */
export async function explainConnectFailure(
  settings: TemporalSettings,
  options: TemporalConnectionOptions,
  err: unknown,
): Promise<TemporalConnectError> {
  const { address } = settings;
  const reason = reasonOf(err);
  if (!options.tls || !settings.tls) {
    return new TemporalConnectError(
      `cannot reach Temporal at ${address} (${reason}); is it running? \`notify start\` brings one up, ` +
        'or set TEMPORAL_ADDRESS / temporal.address',
      { cause: err },
    );
  }
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const serverName = settings.tls.serverName;
  const probe = await probeTls(
    {
      host,
      port: Number(address.slice(separator + 1)),
      ca: options.tls.serverRootCACertificate ? Buffer.from(options.tls.serverRootCACertificate) : undefined,
      cert: options.tls.clientCertPair ? Buffer.from(options.tls.clientCertPair.crt) : undefined,
      key: options.tls.clientCertPair ? Buffer.from(options.tls.clientCertPair.key) : undefined,
      serverName,
    },
    PROBE_TIMEOUT_MS,
  );
  if (!probe.ok) {
    return new TemporalConnectError(
      `cannot connect to Temporal at ${address} over TLS: ${explainProblem(probe.problem, probe.reason, settings)}`,
      { cause: err },
    );
  }
  // The handshake is fine, so the refusal came above TLS: credentials, the namespace, or the server itself.
  const credentials = settings.apiKey !== undefined ? `; check the API key (${settings.origin.apiKey})` : '';
  return new TemporalConnectError(`cannot connect to Temporal at ${address} over TLS (${reason})${credentials}`, {
    cause: err,
  });
}

function explainProblem(problem: TlsProblem, reason: string, settings: TemporalSettings): string {
  const tls = settings.tls;
  switch (problem) {
    case 'server-certificate': {
      const ca = describePem(tls?.serverCa, settings.origin.serverCa) ?? "the system's CAs";
      const host = settings.address.slice(0, settings.address.lastIndexOf(':'));
      return (
        `the server's certificate failed verification (${reason}); ` +
        `check the CA (${ca}) and the server name (${tls?.serverName ?? host})`
      );
    }
    case 'client-certificate': {
      const cert = describePem(tls?.clientCert, settings.origin.clientCert);
      return `the server refused the client certificate (${reason}); ${cert ? `check ${cert}` : 'it wants one: set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH'}`;
    }
    case 'not-tls':
      return `the server does not answer TLS (${reason}); if it serves plaintext, TEMPORAL_TLS=false turns TLS off`;
    case 'network':
      return `no TLS connection (${reason}); is it running, and is the address right?`;
  }
}

function describePem(pem: PemSource | undefined, origin: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  const what = 'file' in pem ? pem.file : 'inline PEM';
  return origin === undefined ? what : `${what}, from ${origin}`;
}

/** The SDK wraps the gRPC error (ServiceError → cause); each level adds a word, none says all of it. */
function reasonOf(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 4; e = e.cause) {
    const line = (e.message.split('\n')[0] ?? '').trim();
    if (line && !parts.some((p) => p.includes(line))) parts.push(line);
  }
  return parts.join(': ') || String(err);
}

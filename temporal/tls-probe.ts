import { isIP } from 'node:net';
import { connect } from 'node:tls';

export interface TlsProbeTarget {
  readonly host: string;
  readonly port: number;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly serverName?: string;
}

/** What went wrong in the handshake, as far as an operator needs to know to fix it. */
export type TlsProblem =
  /** We do not trust the server's certificate (unknown CA, wrong name, expired). */
  | 'server-certificate'
  /** The server refused our client certificate, or wanted one and got none. */
  | 'client-certificate'
  /** The other end does not speak TLS. */
  | 'not-tls'
  | 'network';

export type TlsProbeResult =
  { readonly ok: true } | { readonly ok: false; readonly problem: TlsProblem; readonly reason: string };

/**
 * In TLS 1.3 the server checks the client's certificate after the client considers the handshake done, so a refusal
 * arrives as an alert just after; this is how long to listen for one.
 */
const ALERT_WAIT_MS = 250;

/**
 * One TLS handshake as the gRPC client would make it (same CA, client certificate, server name, ALPN h2), to learn
 * *why* a connection failed: the client SDK only says "Failed to connect before the deadline", and the worker's core
 * a Rust debug string. Used after a failure, never on the happy path.
 */
export function probeTls(target: TlsProbeTarget, timeoutMs: number): Promise<TlsProbeResult> {
  return new Promise((resolve) => {
    const name = target.serverName ?? target.host;
    const socket = connect({
      host: target.host,
      port: target.port,
      ca: target.ca,
      cert: target.cert,
      key: target.key,
      // SNI must be a DNS name; for an IP address Node still checks the certificate against it.
      ...(isIP(name) ? {} : { servername: name }),
      ALPNProtocols: ['h2'],
      timeout: timeoutMs,
    });
    const finish = (result: TlsProbeResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.once('secureConnect', () => setTimeout(() => finish({ ok: true }), ALERT_WAIT_MS));
    socket.once('timeout', () =>
      finish({ ok: false, problem: 'network', reason: `no TLS handshake in ${timeoutMs} ms` }),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => finish({ ok: false, ...classify(err) }));
  });
}

function classify(err: NodeJS.ErrnoException): { problem: TlsProblem; reason: string } {
  const code = err.code ?? '';
  // OpenSSL's messages carry a file and line; the phrase between the colons is the part a person can act on.
  const phrase = /SSL routines:[^:]*:([^:]+):/.exec(err.message)?.[1] ?? err.message;
  const reason = code ? `${code}: ${phrase}` : phrase;
  if (/ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|ACCESS_DENIED)/.test(code)) {
    return { problem: 'client-certificate', reason };
  }
  if (/CERT|SIGNATURE|ALTNAME|SELF_SIGNED|ISSUER/.test(code)) return { problem: 'server-certificate', reason };
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|ECONNRESET/.test(code)) return { problem: 'not-tls', reason };
  return { problem: 'network', reason };
}

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

export type TlsProbeResult =
  { readonly ok: true } | { readonly ok: false; readonly verification: boolean; readonly reason: string };

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
    socket.once('secureConnect', () => finish({ ok: true }));
    socket.once('timeout', () =>
      finish({ ok: false, verification: false, reason: `no TLS handshake within ${timeoutMs} ms` }),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      const verification = /CERT|SIGNATURE|ALTNAME|SELF_SIGNED|ISSUER/.test(code);
      finish({ ok: false, verification, reason: code ? `${code}: ${err.message}` : err.message });
    });
  });
}

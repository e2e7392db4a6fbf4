import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { createTemporalLite } from '../../../devserver/src/temporal-lite-server';
import type { TestPki } from '../../helpers/test-pki';

/** The headers of one call as the server received them. */
export interface SeenCall {
  readonly method: string;
  readonly authorization: string | undefined;
  readonly userAgent: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TlsTemporalLite {
  readonly address: string;
  /** Every call received so far, oldest first; tests clear it with `calls.length = 0`. */
  readonly calls: SeenCall[];
  stop(): Promise<void>;
}

/**
 * temporal-lite in this process, serving TLS with the PKI's server certificate (and requiring a client certificate
 * from the same CA when `mutual`), recording each call's headers through a server interceptor, and answering
 * PERMISSION_DENIED to the methods named in `permissionDenied`.
 */
export async function startTlsTemporalLite(
  pki: TestPki,
  options: { mutual?: boolean; permissionDenied?: readonly string[] } = {},
): Promise<TlsTemporalLite> {
  const calls: SeenCall[] = [];
  const denied = new Set(options.permissionDenied ?? []);
  const record: grpc.ServerInterceptor = (method, call) => {
    const intercepted: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, forward) => {
            const headers = Object.fromEntries(
              Object.entries(metadata.getMap()).map(([name, value]) => [name, String(value)]),
            );
            calls.push({
              method: method.path,
              authorization: headers.authorization,
              userAgent: headers['user-agent'],
              headers,
            });
            // As Temporal Cloud answers an API key that may not change the namespace.
            if (denied.has(method.path.slice(method.path.lastIndexOf('/') + 1))) {
              intercepted.sendStatus({
                code: grpc.status.PERMISSION_DENIED,
                details: 'Request unauthorized.',
                metadata: new grpc.Metadata(),
              });
              return;
            }
            forward(metadata);
          },
        }),
    });
    return intercepted;
  };
  const server = createTemporalLite({ clockMode: 'real', interceptors: [record], log: () => undefined });
  const port = await server.listen('127.0.0.1', 0, {
    certChain: readFileSync(pki.serverCert),
    privateKey: readFileSync(pki.serverKey),
    ...(options.mutual ? { clientCa: readFileSync(pki.caCert) } : {}),
  });
  return { address: `127.0.0.1:${port}`, calls, stop: () => server.stop() };
}

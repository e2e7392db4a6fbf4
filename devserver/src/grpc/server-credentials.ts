import * as grpc from '@grpc/grpc-js';

/** PEM material for serving TLS: the server's certificate chain and key, and a CA when clients must present one. */
export interface ServerTls {
  readonly certChain: Buffer;
  readonly privateKey: Buffer;
  /** When set, clients must present a certificate issued by this CA (mutual TLS). */
  readonly clientCa?: Buffer;
}

/** Plaintext unless TLS material is given: temporal-lite serves tests and `notify start` on loopback by default. */
export function serverCredentials(tls: ServerTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    tls.clientCa ?? null,
    [{ cert_chain: tls.certChain, private_key: tls.privateKey }],
    tls.clientCa !== undefined,
  );
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** PEM files of a throwaway PKI, made fresh by openssl for one test file and never committed. */
export interface TestPki {
  readonly dir: string;
  /** The CA that issued the server's and the client's certificates. */
  readonly caCert: string;
  /** A CA that issued neither: trusting it instead is the "wrong CA" case. */
  readonly otherCaCert: string;
  /** For 127.0.0.1 and the DNS names `temporal.test` and `localhost`. */
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

const SERVER_NAMES = 'subjectAltName=DNS:temporal.test,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';
const CLIENT_USAGE = 'extendedKeyUsage=clientAuth\n';

/** EC P-256 keys: quick to generate, so the whole PKI takes a few tens of milliseconds. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'notify-pki-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const selfSignedCa = (name: string, subject: string) =>
    openssl(
      'req',
      '-x509',
      ...key,
      '-days',
      '1',
      '-subj',
      subject,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.pem`),
    );
  const issued = (name: string, subject: string, extensions: string) => {
    openssl('req', ...key, '-subj', subject, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`),
    );
  };
  selfSignedCa('ca', '/CN=notify test CA');
  selfSignedCa('other-ca', '/CN=some other CA');
  issued('server', '/CN=temporal.test', SERVER_NAMES);
  issued('client', '/CN=notify-worker', CLIENT_USAGE);
  return {
    dir,
    caCert: file('ca.pem'),
    otherCaCert: file('other-ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
  };
}

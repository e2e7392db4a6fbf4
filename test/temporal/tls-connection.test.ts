import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkflowClient } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../../config/load';
import { connectClient, connectNative, CONNECT_TIMEOUT_MS } from '../../temporal/connect';
import { TemporalConnectError } from '../../temporal/explain-failure';
import { plaintextTemporal } from '../../config/temporal-settings';
import { securedTemporal } from '../../worker/embedded/secured-temporal';
import { registerSearchAttributes } from '../../worker/search-attributes';
import { cliEnv, runCli } from '../client/helpers/cli-process';
import { freePort } from '../helpers/free-port';
import { TEMPORAL_LITE_PATH } from '../helpers/temporal-env';
import { createTestPki, type TestPki } from '../helpers/test-pki';
import { startTlsTemporalLite, type TlsTemporalLite } from './helpers/tls-temporal-lite';

/**
 * Reaching a secured Temporal: temporal-lite serving TLS with a PKI made by openssl for this file. The configuration
 * comes the way an operator gives it (TEMPORAL_* variables, a temporal.toml profile) through loadConfig, and the
 * connections are the ones the worker, the API and the CLI open.
 */
let pki: TestPki;
let tls: TlsTemporalLite;
let mutual: TlsTemporalLite;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by another file in this worker; its logger stays.
  }
  pki = createTestPki();
  tls = await startTlsTemporalLite(pki);
  mutual = await startTlsTemporalLite(pki, { mutual: true });
});

afterAll(async () => {
  await tls?.stop();
  await mutual?.stop();
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
});

/** Only the variables given: no HOME, so no user temporal.toml can join in. */
const configWith = (env: Record<string, string>) => loadConfig({ env }).temporal;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const failureOf = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('TLS with the CA from TEMPORAL_TLS_SERVER_CA_CERT_PATH', () => {
  it('the client and the worker connect, and a workflow runs to completion over them', async () => {
    const temporal = configWith({ TEMPORAL_ADDRESS: tls.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert });
    expect(temporal.tls).toEqual({
      serverName: undefined,
      serverCa: { file: pki.caCert },
      clientCert: undefined,
      clientKey: undefined,
    });
    const client = await connectClient(temporal);
    const native = await connectNative(temporal).catch(async (err: unknown) => {
      await client.close();
      throw err;
    });
    try {
      const { namespaceInfo } = await client.workflowService.describeNamespace({ namespace: 'default' });
      expect(namespaceInfo?.name).toBe('default');
      const taskQueue = `tls-${Date.now()}`;
      const worker = await Worker.create({
        connection: native,
        namespace: 'default',
        taskQueue,
        workflowsPath: require.resolve('./fixtures/echo-workflow'),
      });
      const workflows = new WorkflowClient({ connection: client, namespace: 'default' });
      const result = await worker.runUntil(
        workflows.execute('echo', { taskQueue, workflowId: `echo-${taskQueue}`, args: ['over TLS'] }),
      );
      expect(result).toBe('echo: over TLS');
    } finally {
      await native.close();
      await client.close();
    }
  });

  it('a wrong CA is one clear line naming the address, the CA file and the verification error', async () => {
    const temporal = configWith({ TEMPORAL_ADDRESS: tls.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.otherCaCert });
    const expected = new RegExp(
      `^cannot connect to Temporal at ${escape(tls.address)} over TLS: the server's certificate failed verification ` +
        `\\(UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate\\); ` +
        `check the CA \\(${escape(pki.otherCaCert)}, from env TEMPORAL_TLS_SERVER_CA_CERT_PATH\\) ` +
        `and the server name \\(127\\.0\\.0\\.1\\)$`,
    );

    // The worker's connection fails at once; the client's only at its connect deadline (grpc-js retries quietly).
    const nativeStarted = Date.now();
    const nativeError = await failureOf(connectNative(temporal));
    expect(nativeError).toBeInstanceOf(TemporalConnectError);
    expect((nativeError as Error).message).toMatch(expected);
    expect(Date.now() - nativeStarted).toBeLessThan(5_000);

    const clientStarted = Date.now();
    const clientError = await failureOf(connectClient(temporal));
    expect(clientError).toBeInstanceOf(TemporalConnectError);
    expect((clientError as Error).message).toMatch(expected);
    expect(Date.now() - clientStarted).toBeLessThan(CONNECT_TIMEOUT_MS + 5_000);
  });

  it('a server name the certificate does not carry is refused, naming it', async () => {
    const temporal = configWith({
      TEMPORAL_ADDRESS: tls.address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
      TEMPORAL_TLS_SERVER_NAME: 'elsewhere.test',
    });
    const error = await failureOf(connectNative(temporal));
    expect(error).toBeInstanceOf(TemporalConnectError);
    expect((error as Error).message).toMatch(
      /over TLS: the server's certificate failed verification \(ERR_TLS_CERT_ALTNAME_INVALID: .*elsewhere\.test.*\); .* and the server name \(elsewhere\.test\)$/,
    );
  });

  it('notify worker with a wrong CA exits 1 with that one line on stderr, no stack trace', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'notify-tls-worker-'));
    try {
      const started = Date.now();
      const result = await runCli(
        ['worker'],
        cliEnv({
          TEMPORAL_ADDRESS: tls.address,
          TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.otherCaCert,
          // A DNS name: to a bare IP address grpc-js sets the TLS server name to the IP, and Node warns (DEP0123).
          TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
          NOTIFY_DATA_DIR: dataDir,
        }),
        60_000,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^notify: cannot connect to Temporal at ${escape(tls.address)} over TLS: the server's certificate failed ` +
            'verification \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE: [^\\n]+ and the server name \\(temporal\\.test\\)\\n$',
        ),
      );
      // Start-up through tsx and the client's connect deadline, on a shared machine: bounded, not hung.
      expect(Date.now() - started).toBeLessThan(45_000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('mutual TLS from a temporal.toml profile', () => {
  let profileFile: string;

  beforeAll(() => {
    profileFile = path.join(pki.dir, 'temporal.toml');
    writeFileSync(
      profileFile,
      [
        '[profile.mtls]',
        `address = "${mutual.address}"`,
        'namespace = "default"',
        '[profile.mtls.tls]',
        'server_name = "temporal.test"',
        `server_ca_cert_path = "${pki.caCert}"`,
        `client_cert_path = "${pki.clientCert}"`,
        `client_key_path = "${pki.clientKey}"`,
        '',
        '[profile.no-client-cert]',
        `address = "${mutual.address}"`,
        '[profile.no-client-cert.tls]',
        `server_ca_cert_path = "${pki.caCert}"`,
        '',
      ].join('\n'),
    );
  });

  it('connects both ways with the client certificate the profile names', async () => {
    const temporal = configWith({ TEMPORAL_CONFIG_FILE: profileFile, TEMPORAL_PROFILE: 'mtls' });
    expect(temporal.address).toBe(mutual.address);
    expect(temporal.origin).toMatchObject({
      address: `profile "mtls" in ${profileFile}`,
      clientCert: `profile "mtls" in ${profileFile}`,
    });
    const client = await connectClient(temporal);
    try {
      const info = await client.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/temporal-lite/);
    } finally {
      await client.close();
    }
    const native = await connectNative(temporal);
    await native.close();
  });

  it('without a client certificate the server refuses, and the error says so', async () => {
    const temporal = configWith({ TEMPORAL_CONFIG_FILE: profileFile, TEMPORAL_PROFILE: 'no-client-cert' });
    const error = await failureOf(connectNative(temporal));
    expect(error).toBeInstanceOf(TemporalConnectError);
    expect((error as Error).message).toBe(
      `cannot connect to Temporal at ${mutual.address} over TLS: the server refused the client certificate ` +
        '(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: tlsv13 alert certificate required); it wants one: ' +
        'set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH',
    );
  });
});

describe('API key', () => {
  it('is sent as Authorization: Bearer, with the configured gRPC headers, by the client and the worker', async () => {
    const temporal = configWith({
      TEMPORAL_ADDRESS: tls.address,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
      TEMPORAL_API_KEY: 'test-api-key-123',
      TEMPORAL_GRPC_META_X_NOTIFY_TENANT: 'shop-1',
    });
    const expectAuthorized = () => {
      expect(tls.calls.length).toBeGreaterThan(0);
      for (const call of tls.calls) {
        expect(call.authorization).toBe('Bearer test-api-key-123');
        expect(call.headers['x-notify-tenant']).toBe('shop-1');
      }
      tls.calls.length = 0;
    };
    tls.calls.length = 0;
    const client = await connectClient(temporal);
    try {
      await client.workflowService.describeNamespace({ namespace: 'default' });
      expect(tls.calls.map((c) => c.method)).toContain(
        '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
      );
      expect(tls.calls.map((c) => c.userAgent).join()).toMatch(/grpc-node-js/);
      expectAuthorized();
    } finally {
      await client.close();
    }
    const native = await connectNative(temporal);
    try {
      expect(tls.calls.map((c) => c.userAgent).join()).not.toMatch(/grpc-node-js/);
      expectAuthorized();
    } finally {
      await native.close();
    }
  });
});

describe('temporal-lite launched with --tls-cert and --tls-key', () => {
  it('serves TLS that the configured CA verifies', async () => {
    const port = await freePort();
    const child = spawn(
      TEMPORAL_LITE_PATH,
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--tls-cert',
        pki.serverCert,
        '--tls-key',
        pki.serverKey,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const temporal = configWith({
        TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
        TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
      });
      // The client waits for the server to come up, up to its deadline: no polling loop needed.
      const client = await connectClient(temporal, 30_000);
      try {
        const { namespaceInfo } = await client.workflowService.describeNamespace({ namespace: 'default' });
        expect(namespaceInfo?.name).toBe('default');
      } finally {
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('notify start with a secured Temporal', () => {
  it('uses the one configured with TLS, and never starts a plaintext server in its place', async () => {
    expect(
      await securedTemporal(plaintextTemporal({ address: tls.address, namespace: 'default', taskQueue: 'q' })),
    ).toBe(undefined);
    const good = configWith({ TEMPORAL_ADDRESS: tls.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert });
    const choice = await securedTemporal(good);
    expect(choice?.description).toBe(`Temporal at ${tls.address} (TLS)`);
    await choice?.stop();

    const wrong = configWith({ TEMPORAL_ADDRESS: tls.address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.otherCaCert });
    await expect(securedTemporal(wrong)).rejects.toThrow(
      /^cannot connect to Temporal at .* over TLS: the server's certificate failed verification/,
    );
  });
});

describe('a cluster that keeps search attributes to its own tools (Temporal Cloud)', () => {
  it('the worker says which attributes to add and where, instead of a bare PERMISSION_DENIED', async () => {
    const cloudLike = await startTlsTemporalLite(pki, { permissionDenied: ['AddSearchAttributes'] });
    try {
      const temporal = configWith({
        TEMPORAL_ADDRESS: cloudLike.address,
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
        TEMPORAL_API_KEY: 'read-only-key',
      });
      const client = await connectClient(temporal);
      try {
        await expect(registerSearchAttributes(client, 'default')).rejects.toThrow(
          /^Temporal refused to add the search attributes OrderId, .+ to namespace default \(Request unauthorized\.\); add them as Keyword attributes with the cluster's own tools \(Temporal Cloud: tcld or the web UI\), then start again$/,
        );
      } finally {
        await client.close();
      }
    } finally {
      await cloudLike.stop();
    }
  });
});

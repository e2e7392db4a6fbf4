import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInProcess } from './helpers/in-process';

/**
 * `notify config check` shows the effective Temporal connection and where each setting came from, with the API key
 * masked: what an operator reads before pointing a worker at a secured cluster.
 */
let dir: string;
let profiles: string;
let ca: string;

/** No user temporal.toml, no TEMPORAL_* from the shell: only what each case sets. */
const hermetic = {
  XDG_CONFIG_HOME: '',
  HOME: '',
  TEMPORAL_ADDRESS: undefined,
  TEMPORAL_NAMESPACE: undefined,
  TEMPORAL_API_KEY: undefined,
  TEMPORAL_TLS: undefined,
  TEMPORAL_PROFILE: undefined,
  TEMPORAL_CONFIG_FILE: undefined,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: undefined,
  TEMPORAL_TLS_SERVER_NAME: undefined,
  NOTIFY_CONFIG: undefined,
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'notify-config-check-'));
  ca = path.join(dir, 'ca.pem');
  writeFileSync(ca, 'a CA certificate\n');
  profiles = path.join(dir, 'temporal.toml');
  writeFileSync(
    profiles,
    '[profile.cloud]\naddress = "shop.a1b2c.tmprl.cloud:7233"\nnamespace = "shop.a1b2c"\napi_key = "profile-api-key"\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('shows a plaintext connection from temporal.yaml by default', async () => {
  const result = await runInProcess(['config', 'check'], hermetic);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /^temporal:\n {2}address: 127\.0\.0\.1:7233 # from temporal\.address in .*temporal\.yaml\n/m,
  );
  expect(result.stdout).toContain('  tls: off # from the default (no TLS settings, no API key)\n');
  expect(result.stdout).toContain('  apiKey: (none)\n');
});

it('shows TLS, the CA file and the masked API key from a profile and the environment, each with its origin', async () => {
  const result = await runInProcess(['config', 'check'], {
    ...hermetic,
    TEMPORAL_CONFIG_FILE: profiles,
    TEMPORAL_PROFILE: 'cloud',
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
    TEMPORAL_NAMESPACE: 'shop-staging',
  });
  expect(result.code).toBe(0);
  const temporal = /^temporal:\n((?: {2}.*\n)+)/m.exec(result.stdout)?.[1];
  expect(temporal).toBe(
    [
      `  address: shop.a1b2c.tmprl.cloud:7233 # from profile "cloud" in ${profiles}`,
      '  namespace: shop-staging # from env TEMPORAL_NAMESPACE',
      '  taskQueue: notify',
      '  tls: on # from env TEMPORAL_TLS_SERVER_CA_CERT_PATH (TLS settings turn TLS on)',
      "  serverName: shop.a1b2c.tmprl.cloud (the address's host)",
      `  serverCa: ${ca} # from env TEMPORAL_TLS_SERVER_CA_CERT_PATH`,
      '  clientCert: "(none: no mutual TLS)"',
      `  apiKey: "********" # from profile "cloud" in ${profiles}`,
      '',
    ].join('\n'),
  );
  expect(result.stdout).not.toContain('profile-api-key');

  const json = await runInProcess(['config', 'check', '--json'], {
    ...hermetic,
    TEMPORAL_CONFIG_FILE: profiles,
    TEMPORAL_PROFILE: 'cloud',
  });
  expect(json.code).toBe(0);
  expect(json.stdout).not.toContain('profile-api-key');
  expect(JSON.parse(json.stdout)).toMatchObject({
    temporal: {
      address: 'shop.a1b2c.tmprl.cloud:7233',
      apiKey: '********',
      tls: {},
      origin: { apiKey: `profile "cloud" in ${profiles}`, tls: 'the API key (an API key turns TLS on)' },
    },
  });
});

it('a connection setting that cannot work is a configuration error (exit 78) naming the variable', async () => {
  const result = await runInProcess(['config', 'check'], {
    ...hermetic,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: path.join(dir, 'missing.pem'),
  });
  expect(result.code).toBe(78);
  expect(result.stderr).toContain(
    `serverCa (from env TEMPORAL_TLS_SERVER_CA_CERT_PATH): file not found or not readable (got "${path.join(dir, 'missing.pem')}")`,
  );
});

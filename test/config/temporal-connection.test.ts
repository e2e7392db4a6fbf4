import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../config/config';
import { DEFAULT_CONFIG_FILE, parseConfig } from '../../config/load';
import { redactConfig } from '../../config/redact';

/**
 * Where the Temporal connection comes from: TEMPORAL_* variables over the envconfig profile over temporal.yaml, with
 * each setting's origin recorded, and every mistake a configuration error that names where it was made.
 */
const shipped = readFileSync(DEFAULT_CONFIG_FILE, 'utf8');
const temporalOf = (env: Record<string, string>) => parseConfig(shipped, 'temporal.yaml', env).temporal;

function issuesOf(env: Record<string, string>): ConfigError['issues'] {
  try {
    parseConfig(shipped, 'temporal.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

let dir: string;
let profiles: string;
const pemFile = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'notify-envconfig-'));
  for (const name of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(pemFile(name), `not really PEM: ${name}\n`);
  profiles = path.join(dir, 'temporal.toml');
  writeFileSync(
    profiles,
    [
      '[profile.default]',
      'address = "default-profile.example:7233"',
      'namespace = "from-default-profile"',
      '',
      '[profile.cloud]',
      'address = "shop.a1b2c.tmprl.cloud:7233"',
      'namespace = "shop.a1b2c"',
      '[profile.cloud.tls]',
      `server_ca_cert_path = "${pemFile('ca.pem')}"`,
      `client_cert_path = "${pemFile('client.pem')}"`,
      `client_key_path = "${pemFile('client.key')}"`,
      'server_name = "shop.a1b2c.tmprl.cloud"',
      '[profile.cloud.grpc_meta]',
      'x-shop = "one"',
      '',
    ].join('\n'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('precedence', () => {
  it('with nothing else set, temporal.yaml gives a plaintext connection', () => {
    expect(temporalOf({})).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'notify',
      tls: undefined,
      apiKey: undefined,
      metadata: {},
      origin: {
        address: 'temporal.address in temporal.yaml',
        namespace: 'temporal.namespace in temporal.yaml',
        tls: 'the default (no TLS settings, no API key)',
      },
    });
  });

  it('a profile file overrides temporal.yaml; its "default" profile unless TEMPORAL_PROFILE names another', () => {
    const fromDefault = temporalOf({ TEMPORAL_CONFIG_FILE: profiles });
    expect(fromDefault).toMatchObject({ address: 'default-profile.example:7233', namespace: 'from-default-profile' });
    expect(fromDefault.origin.address).toBe(`profile "default" in ${profiles}`);
    expect(fromDefault.tls).toBeUndefined();

    const cloud = temporalOf({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'cloud' });
    expect(cloud).toMatchObject({
      address: 'shop.a1b2c.tmprl.cloud:7233',
      namespace: 'shop.a1b2c',
      tls: {
        serverName: 'shop.a1b2c.tmprl.cloud',
        serverCa: { file: pemFile('ca.pem') },
        clientCert: { file: pemFile('client.pem') },
        clientKey: { file: pemFile('client.key') },
      },
      metadata: { 'x-shop': 'one' },
    });
    expect(cloud.origin.serverCa).toBe(`profile "cloud" in ${profiles}`);
    expect(cloud.origin.tls).toBe(`profile "cloud" in ${profiles} (its tls settings turn TLS on)`);
  });

  it('an explicit TEMPORAL_* variable wins over the profile, setting by setting', () => {
    const temporal = temporalOf({
      TEMPORAL_CONFIG_FILE: profiles,
      TEMPORAL_PROFILE: 'cloud',
      TEMPORAL_ADDRESS: 'staging.internal:7233',
      TEMPORAL_TLS_SERVER_NAME: 'staging.internal',
    });
    expect(temporal.address).toBe('staging.internal:7233');
    expect(temporal.origin.address).toBe('env TEMPORAL_ADDRESS');
    expect(temporal.namespace).toBe('shop.a1b2c');
    expect(temporal.tls?.serverName).toBe('staging.internal');
    expect(temporal.origin.serverName).toBe('env TEMPORAL_TLS_SERVER_NAME');
    expect(temporal.tls?.serverCa).toEqual({ file: pemFile('ca.pem') });
  });

  it("reads the user's temporal.toml where the Temporal CLI keeps it, without TEMPORAL_CONFIG_FILE", () => {
    const configHome = path.join(dir, 'xdg');
    mkdirSync(path.join(configHome, 'temporalio'), { recursive: true });
    writeFileSync(path.join(configHome, 'temporalio', 'temporal.toml'), '[profile.default]\nnamespace = "mine"\n');
    const temporal = temporalOf({ XDG_CONFIG_HOME: configHome });
    expect(temporal.namespace).toBe('mine');
    expect(temporal.origin.namespace).toBe(
      `profile "default" in ${path.join(configHome, 'temporalio', 'temporal.toml')}`,
    );
    expect(temporal.address).toBe('127.0.0.1:7233');
  });

  it('an API key turns TLS on (the system CAs), unless TEMPORAL_TLS=false says plaintext', () => {
    const keyed = temporalOf({ TEMPORAL_API_KEY: 'key-1' });
    expect(keyed.apiKey).toBe('key-1');
    expect(keyed.tls).toEqual({
      serverName: undefined,
      serverCa: undefined,
      clientCert: undefined,
      clientKey: undefined,
    });
    expect(keyed.origin).toMatchObject({
      apiKey: 'env TEMPORAL_API_KEY',
      tls: 'the API key (an API key turns TLS on)',
    });

    const plaintext = temporalOf({ TEMPORAL_API_KEY: 'key-1', TEMPORAL_TLS: 'false' });
    expect(plaintext.tls).toBeUndefined();
    expect(plaintext.origin.tls).toBe('env TEMPORAL_TLS');
  });

  it('TEMPORAL_TLS=false turns off the TLS a profile asks for', () => {
    expect(temporalOf({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'cloud', TEMPORAL_TLS: 'false' }).tls).toBe(
      undefined,
    );
  });
});

describe('secrets', () => {
  it('the API key, an inline client key and header values are masked by redactConfig; the config stays frozen', () => {
    const config = parseConfig(shipped, 'temporal.yaml', {
      TEMPORAL_API_KEY: 'sk-very-secret-api-key',
      TEMPORAL_TLS_CLIENT_CERT_DATA: '-----BEGIN CERTIFICATE-----\npublic\n-----END CERTIFICATE-----\n',
      TEMPORAL_TLS_CLIENT_KEY_DATA: '-----BEGIN PRIVATE KEY-----\nsecret-key-body\n-----END PRIVATE KEY-----\n',
      TEMPORAL_GRPC_META_X_AUTH_TOKEN: 'header-secret',
    });
    expect(config.temporal.tls?.clientKey).toEqual({ pem: expect.stringContaining('secret-key-body') });
    expect(Object.isFrozen(config.temporal.tls)).toBe(true);
    const shown = JSON.stringify(redactConfig(config));
    for (const secret of ['sk-very-secret-api-key', 'secret-key-body', 'header-secret']) {
      expect(shown).not.toContain(secret);
    }
    const redacted = redactConfig(config).temporal;
    expect(redacted.apiKey).toBe('********');
    expect(redacted.tls?.clientKey).toEqual({ pem: '********' });
    expect(redacted.tls?.clientCert).toEqual({ pem: expect.stringContaining('public') });
    expect(redacted.metadata).toEqual({ 'x-auth-token': '********' });
  });
});

describe('mistakes are configuration errors naming where they were made', () => {
  it('a TEMPORAL_CONFIG_FILE that does not exist', () => {
    expect(issuesOf({ TEMPORAL_CONFIG_FILE: path.join(dir, 'missing.toml') })).toEqual([
      { path: 'TEMPORAL_CONFIG_FILE', message: 'file not found', value: `"${path.join(dir, 'missing.toml')}"` },
    ]);
  });

  it('a TEMPORAL_PROFILE the file does not have', () => {
    expect(issuesOf({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'prod' })).toEqual([
      { path: `profile "prod" in ${profiles}`, message: "Profile 'prod' not found in config data" },
    ]);
  });

  it('an unknown key in the profile (a typo would otherwise silently drop a TLS setting)', () => {
    const file = path.join(dir, 'typo.toml');
    writeFileSync(file, '[profile.default.tls]\nserver_ca_cert_pth = "/etc/ca.pem"\n');
    expect(issuesOf({ TEMPORAL_CONFIG_FILE: file })).toEqual([
      {
        path: `profile "default" in ${file}`,
        message: 'Validation error: key(s) unrecognized in profile.default.tls: server_ca_cert_pth',
      },
    ]);
  });

  it('disabling host verification, which the TypeScript SDK cannot do, in the environment or the profile', () => {
    expect(issuesOf({ TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toEqual([
      {
        path: 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION',
        message: expect.stringContaining('set TEMPORAL_TLS_SERVER_NAME'),
      },
    ]);
    const file = path.join(dir, 'no-verify.toml');
    writeFileSync(file, '[profile.default.tls]\ndisable_host_verification = true\n');
    expect(issuesOf({ TEMPORAL_CONFIG_FILE: file })).toEqual([
      { path: `profile "default" in ${file}`, message: expect.stringContaining('set tls.server_name') },
    ]);
  });

  it('a client certificate without its key, and a CA file that is not there', () => {
    expect(
      issuesOf({
        TEMPORAL_TLS_CLIENT_CERT_PATH: pemFile('client.pem'),
        TEMPORAL_TLS_SERVER_CA_CERT_PATH: pemFile('nope.pem'),
      }),
    ).toEqual([
      {
        path: 'serverCa (from env TEMPORAL_TLS_SERVER_CA_CERT_PATH)',
        message: 'file not found or not readable',
        value: `"${pemFile('nope.pem')}"`,
      },
      {
        path: 'clientCert (from env TEMPORAL_TLS_CLIENT_CERT_PATH)',
        message: 'mutual TLS needs both a client certificate and its key',
      },
    ]);
  });

  it("a profile's address that is not host:port, and TOML that does not parse", () => {
    const bad = path.join(dir, 'bad-address.toml');
    writeFileSync(bad, '[profile.default]\naddress = "https://temporal.example"\n');
    expect(issuesOf({ TEMPORAL_CONFIG_FILE: bad })).toEqual([
      {
        path: `address (from profile "default" in ${bad})`,
        message: 'expected host:port',
        value: '"https://temporal.example"',
      },
    ]);
    const broken = path.join(dir, 'broken.toml');
    writeFileSync(broken, '[profile.default\naddress = 1\n');
    expect(issuesOf({ TEMPORAL_CONFIG_FILE: broken })).toEqual([
      { path: `profile "default" in ${broken}`, message: expect.any(String) },
    ]);
  });
});

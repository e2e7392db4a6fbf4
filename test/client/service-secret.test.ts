import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { operatorSigningPayload } from '../../api/routes/operator/operator-signature';
import { loadConfig } from '../../config/load';
import { signIngestBody, verifyIngestSignature } from '../../security/ingest-signature';
import { serviceKeys } from '../../worker/dependencies';
import { MissingIngestSecretError, resolveServiceSecret } from '../../worker/service-secret';
import { makeTempDir } from '../db/helpers/temp-dir';
import { cliEnv, runCliSources } from './helpers/cli-process';

/**
 * Which secret the service runs with (issue 13): refused in production when unset; otherwise the random development
 * secret of the data directory, shared by every process on it and by no other data directory.
 */
describe('the service secret at the entry points', () => {
  const temp = makeTempDir('notify-service-secret');
  afterAll(() => temp.remove());

  it.each(['worker', 'api', 'start'])(
    '`notify %s` with NODE_ENV=production and no NOTIFY_INGEST_SECRET exits 78 with one line naming the variable',
    async (command) => {
      const dataDir = path.join(temp.dir, `production-${command}`);
      const result = await runCliSources(
        [command],
        cliEnv({ NODE_ENV: 'production', NOTIFY_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1' }),
      );
      expect(result.code).toBe(78);
      expect(result.stderr).toBe(
        `notify: NOTIFY_INGEST_SECRET is not set, and \`notify ${command}\` refuses to run without it when ` +
          'NODE_ENV=production: set it to a random secret of at least 16 characters (e.g. `openssl rand -hex 32`), ' +
          'the one shops sign events with\n',
      );
      // Refused before anything started: no development secret, no database, nothing in the data directory.
      expect(existsSync(dataDir)).toBe(false);
    },
    60_000,
  );

  const configFor = (dataDir: string, env: Record<string, string> = {}) =>
    loadConfig({ env: { NOTIFY_DATA_DIR: dataDir, ...env } });

  it('in production takes the secret from the environment, and refuses without it', () => {
    const dataDir = path.join(temp.dir, 'production');
    const secret = 'a-production-secret-0123456789';
    const resolved = resolveServiceSecret(configFor(dataDir, { NOTIFY_INGEST_SECRET: secret }), 'worker', {
      NODE_ENV: 'production',
    });
    expect(resolved).toEqual({ config: expect.anything(), secretOrigin: { kind: 'environment' } });
    expect(resolved.config.api.ingestSecret).toBe(secret);
    expect(() => resolveServiceSecret(configFor(dataDir), 'api', { NODE_ENV: 'production' })).toThrow(
      MissingIngestSecretError,
    );
  });

  it('outside production every process on one data directory gets the same random secret, kept 0600', () => {
    const dataDir = path.join(temp.dir, 'shared');
    const first = resolveServiceSecret(configFor(dataDir), 'start', {});
    const file = path.join(dataDir, 'ingest-secret');
    expect(first.secretOrigin).toEqual({ kind: 'development-file', file, created: true });
    expect(first.config.api.ingestSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.config.api.ingestSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.isFrozen(first.config) && Object.isFrozen(first.config.api)).toBe(true);

    // `notify worker` and `notify api` started later on the same data directory.
    for (const command of ['worker', 'api']) {
      const later = resolveServiceSecret(configFor(dataDir), command, { NODE_ENV: 'development' });
      expect(later.secretOrigin).toEqual({ kind: 'development-file', file, created: false });
      expect(later.config.api.ingestSecret).toBe(first.config.api.ingestSecret);
    }
  });

  it("a signature made with one data directory's development secret does not verify with another's", () => {
    const a = serviceKeys(resolveServiceSecret(configFor(path.join(temp.dir, 'a')), 'start', {}).config);
    const b = serviceKeys(resolveServiceSecret(configFor(path.join(temp.dir, 'b')), 'start', {}).config);
    expect(a.ingest.current.equals(b.ingest.current)).toBe(false);
    const now = Date.now();
    const t = Math.floor(now / 1000);
    const body = '{"id":"e-1"}';
    const verify = (header: string, payload: string | Buffer, accepted: readonly Buffer[]) =>
      verifyIngestSignature(header, payload, accepted, now, 300_000);

    const event = signIngestBody(a.ingest.current, body, t);
    expect(verify(event, body, a.ingest.accepted).ok).toBe(true);
    expect(verify(event, body, b.ingest.accepted)).toEqual({ ok: false, reason: 'mismatch' });

    const payload = operatorSigningPayload('POST', '/v1/operator/customers/c-1/optout', '{}');
    const operator = signIngestBody(a.operator.current, payload, t);
    expect(verify(operator, payload, a.operator.accepted).ok).toBe(true);
    expect(verify(operator, payload, b.operator.accepted)).toEqual({ ok: false, reason: 'mismatch' });
    for (const ring of ['replyLinks', 'unsubscribeLinks', 'operator'] as const) {
      expect(a[ring].current.equals(b[ring].current)).toBe(false);
    }
  });
});

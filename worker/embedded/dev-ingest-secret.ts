import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateDirectory } from '../../security/private-paths';

/**
 * Development's answer to "which secret signs my events?": when NOTIFY_INGEST_SECRET is unset, the first of
 * `notify start`, `notify worker` or `notify api` to run on a data directory generates 32 random bytes and keeps them
 * in `<dataDir>/ingest-secret` (mode 0600); the others, `notify events send` and the operator commands read the same
 * file (worker/service-secret.ts), so a fresh checkout can post signed events without setting anything. Production
 * (NODE_ENV=production) must set the variable, and then this file is neither written nor read.
 */
export const DEV_INGEST_SECRET_FILE = 'ingest-secret';

export function devIngestSecretPath(dataDir: string): string {
  return path.join(path.resolve(dataDir), DEV_INGEST_SECRET_FILE);
}

/** The secret in the data directory, created on first use (by whichever process gets there first). */
export function ensureDevIngestSecret(dataDir: string): { secret: string; file: string; created: boolean } {
  const file = devIngestSecretPath(dataDir);
  const existing = readDevIngestSecret(dataDir);
  if (existing !== undefined) return { secret: existing, file, created: false };
  makePrivateDirectory(path.dirname(file));
  const secret = randomBytes(32).toString('hex');
  try {
    // `wx`: never overwrite a secret another process just wrote; mode 0600: the secret is the owner's alone.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, file, created: true };
  } catch (err) {
    const raced = (err as NodeJS.ErrnoException).code === 'EEXIST' ? readDevIngestSecret(dataDir) : undefined;
    if (raced === undefined) throw err;
    return { secret: raced, file, created: false };
  }
}

/** The development secret if the data directory has a usable one (at least 16 characters, as the config demands). */
export function readDevIngestSecret(dataDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(devIngestSecretPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const secret = text.trim();
  return secret.length >= 16 ? secret : undefined;
}

import type { Config } from '../config/config';
import { ensureDevIngestSecret, readDevIngestSecret } from './embedded/dev-ingest-secret';

/**
 * The one place the long-running commands (`notify worker`, `notify api`, `notify start`) settle which root secret
 * they run with, before anything else starts. Every key the service keeps derives from it (security/keys.ts), so a
 * guessable one would let anyone forge reply choices, unsubscribe links and operator calls.
 *
 * - NOTIFY_INGEST_SECRET set: that one.
 * - unset with NODE_ENV=production: refused (MissingIngestSecretError, exit 78), since a production service with a
 *   secret nobody configured cannot be reached by the shops that sign events, and would hide the mistake.
 * - unset otherwise: the random development secret kept in `<dataDir>/ingest-secret` (0600), created by whichever
 *   process gets there first, so `notify start`, `notify worker` and `notify api` on one data directory agree, and
 *   two data directories never share keys.
 */
export type SecretOrigin =
  | { readonly kind: 'environment' }
  | { readonly kind: 'development-file'; readonly file: string; readonly created: boolean };

export interface ServiceConfig {
  /** The configuration with `api.ingestSecret` always set. */
  readonly config: Config;
  readonly secretOrigin: SecretOrigin;
}

/** A production service started without its secret: a configuration problem, one line, exit 78. */
export class MissingIngestSecretError extends Error {
  constructor(command: string) {
    super(
      `NOTIFY_INGEST_SECRET is not set, and \`notify ${command}\` refuses to run without it when NODE_ENV=production: ` +
        'set it to a random secret of at least 16 characters (e.g. `openssl rand -hex 32`), the one shops sign events with',
    );
    this.name = 'MissingIngestSecretError';
  }
}

export function resolveServiceSecret(
  config: Config,
  command: string,
  env: { readonly NODE_ENV?: string | undefined },
): ServiceConfig {
  if (config.api.ingestSecret) return { config, secretOrigin: { kind: 'environment' } };
  if (env.NODE_ENV === 'production') throw new MissingIngestSecretError(command);
  const { secret, file, created } = ensureDevIngestSecret(config.database.dataDir);
  const api = Object.freeze({ ...config.api, ingestSecret: secret });
  return { config: Object.freeze({ ...config, api }), secretOrigin: { kind: 'development-file', file, created } };
}

/** For the banner and start-up lines: where the secret came from, when it is the development one. */
export function describeSecretOrigin(origin: SecretOrigin): string | undefined {
  if (origin.kind === 'environment') return undefined;
  return (
    `events are signed with the development secret ${origin.created ? 'just generated in' : 'kept in'} ${origin.file} ` +
    '(NOTIFY_INGEST_SECRET unset; `notify events send` uses the same file)'
  );
}

/**
 * What a client command (`notify events send`, the operator calls through a running `notify start`) signs with: the
 * same secret the service settled on, so NOTIFY_INGEST_SECRET when set, else the data directory's development
 * secret. Read, never created: a client that finds none has no service to talk to.
 */
export function clientSigningSecret(config: {
  readonly database: Pick<Config['database'], 'dataDir'>;
  readonly api?: Pick<Config['api'], 'ingestSecret'>;
}): string | undefined {
  return config.api?.ingestSecret ?? readDevIngestSecret(config.database.dataDir);
}

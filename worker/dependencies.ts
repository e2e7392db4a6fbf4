import path from 'node:path';
import type { ActivityDeps } from '../activities';
import type { Config } from '../config/config';
import { connect, type DatabaseHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { deriveServiceKeys, type ServiceKeys } from '../security/keys';
import { CATALOGS } from '../templates';
import { buildChannels, type Channels } from './channels';

export interface Dependencies {
  readonly deps: ActivityDeps;
  readonly database: DatabaseHandle;
  readonly channels: Channels;
  close(): Promise<void>;
}

/**
 * Configuration → the things activities use: the database (migrated), the channels, copy and policy. Built once per
 * process; `clock` lets the simulator substitute Temporal's virtual time for the wall clock.
 */
export async function buildDependencies(
  config: Config,
  options: { clock?: () => Date; inMemoryDatabase?: boolean; database?: DatabaseHandle } = {},
): Promise<Dependencies> {
  // A handle passed in (tests: an isolated schema shared with the API) stays open for its owner to close.
  const ownsDatabase = options.database === undefined;
  const database =
    options.database ??
    (await connect(
      options.inMemoryDatabase
        ? { inMemory: true }
        : { databaseUrl: config.database.url, dataDir: path.resolve(config.database.dataDir) },
    ));
  try {
    await migrateToLatest(database.db);
    const channels = await buildChannels(config);
    const deps: ActivityDeps = {
      db: database.db,
      sms: channels.sms,
      email: channels.email,
      providers: { sms: channels.chosen.sms, email: channels.chosen.email },
      policy: config.policy,
      catalogs: CATALOGS,
      shop: config.shop,
      links: {
        publicUrl: config.api.publicUrl,
        keys: serviceKeys(config),
        replyTtlMs: config.api.replyLinkTtlMs,
        unsubscribeTtlMs: config.api.unsubscribeLinkTtlMs,
      },
      alerts: { email: config.alerts.email, webhookUrl: config.alerts.webhookUrl, locale: config.alerts.locale },
      clock: options.clock ?? (() => new Date()),
      fetch: globalThis.fetch,
    };
    return {
      deps,
      database,
      channels,
      close: async () => {
        await channels.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    if (ownsDatabase) await database.close();
    throw err;
  }
}

/**
 * Every key derives from the ingest secret, so one secret configures the edge. The entry point settles it before
 * this runs (worker/service-secret.ts: the environment's, or the data directory's random development secret); a
 * configuration without one is a programming error, never a reason to fall back to a guessable key.
 */
export function serviceKeys(config: Config): ServiceKeys {
  const secret = config.api.ingestSecret;
  if (!secret) {
    throw new Error(
      'no ingest secret in the configuration: the entry point must settle it first (resolveServiceSecret)',
    );
  }
  return deriveServiceKeys(secret, config.api.ingestSecretPrevious);
}

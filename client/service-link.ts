import path from 'node:path';
import type { Config } from '../config/config';
import { connect, type DatabaseHandle } from '../db/connect';
import { migrateToLatest } from '../db/migrate';
import { DataDirInUseError } from '../db/pglite/data-dir-lock';
import { OPERATOR_PREFIX, signOperatorRequest } from '../api/routes/operator/operator-signature';
import { readServiceFile } from '../worker/embedded/service-file';
import { clientSigningSecret } from '../worker/service-secret';
import { deriveServiceKeys } from '../security/keys';

/**
 * "Database or running service" for the operator commands. Embedded PGlite admits one process: while `notify start`
 * holds it (and said where its API listens in `<dataDir>/service.json`), the command asks that API instead, signed
 * with the ingest secret, and prints what it would have printed itself. Anything else that stops the database from
 * opening stays the error it was.
 */

/** A signed call to the running service's operator routes (api/routes/operator/). */
export interface ServiceLink {
  /** For notes: `process 123 at http://127.0.0.1:8080`. */
  readonly description: string;
  readonly call: <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown) => Promise<T>;
}

/** The service answered with an error the caller may rebuild into its own (the body carries `kind` and `code`). */
export class ServiceCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: { readonly error?: string; readonly kind?: string; readonly code?: string },
  ) {
    super(body.error ?? `the running service answered ${status}`);
    this.name = 'ServiceCallError';
  }
}

/** What choosing needs: where the database is, and the ingest secret when the environment sets one. */
export interface DatabaseOrServiceConfig {
  readonly database: Config['database'];
  readonly api?: Pick<Config['api'], 'ingestSecret'>;
}

export type DatabaseOrService =
  | { readonly kind: 'database'; readonly handle: DatabaseHandle }
  | { readonly kind: 'service'; readonly link: ServiceLink };

/** Opens the configured database (migrated), or, when `notify start` holds it, links to that process's API. */
export async function openDatabaseOrService(config: DatabaseOrServiceConfig): Promise<DatabaseOrService> {
  let handle: DatabaseHandle;
  try {
    handle = await connect({ databaseUrl: config.database.url, dataDir: path.resolve(config.database.dataDir) });
  } catch (err) {
    const link = err instanceof DataDirInUseError ? serviceHolding(config, err) : undefined;
    if (link) return { kind: 'service', link };
    throw err;
  }
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return { kind: 'database', handle };
}

/** Runs `direct` with the database, or `viaService` with the running service when it holds the database. */
export async function withDatabaseOrService<T>(
  config: DatabaseOrServiceConfig,
  direct: (handle: DatabaseHandle) => Promise<T>,
  viaService: (link: ServiceLink) => Promise<T>,
): Promise<T> {
  const opened = await openDatabaseOrService(config);
  if (opened.kind === 'service') return viaService(opened.link);
  try {
    return await direct(opened.handle);
  } finally {
    await opened.handle.close();
  }
}

/** The running service that holds the data directory, if it is the process that wrote service.json. */
function serviceHolding(config: DatabaseOrServiceConfig, inUse: DataDirInUseError): ServiceLink | undefined {
  const { dataDir } = config.database;
  const record = readServiceFile(dataDir);
  if (!record || record.pid !== inUse.pid) return undefined;
  const secret = clientSigningSecret(config);
  if (!secret) return undefined;
  return serviceLink(record.apiUrl, secret, `process ${record.pid} at ${record.apiUrl}`);
}

/** Calls signed with the operator key derived from `secret` (the root secret: the CLI derives what the API does). */
export function serviceLink(apiUrl: string, secret: string, description: string): ServiceLink {
  const operatorKeys = deriveServiceKeys(secret).operator;
  return {
    description,
    call: async <T>(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> => {
      const fullPath = `${OPERATOR_PREFIX}${pathAndQuery}`;
      const text = body === undefined ? '' : JSON.stringify(body);
      const signature = signOperatorRequest(
        operatorKeys,
        { method, pathAndQuery: fullPath, body: text },
        Math.floor(Date.now() / 1000),
      );
      let response: Response;
      try {
        response = await fetch(new URL(fullPath, apiUrl), {
          method,
          headers: {
            'x-notify-signature': signature,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: text }),
        });
      } catch (err) {
        throw new Error(
          `the embedded database is held by notify start (${description}), and its API does not answer ` +
            `(${err instanceof Error ? err.message : String(err)})`,
          { cause: err },
        );
      }
      const answer: unknown = await response.json().catch(() => ({}));
      if (response.ok) return answer as T;
      const errorBody = (typeof answer === 'object' && answer !== null ? answer : {}) as ServiceCallError['body'];
      if (response.status === 401) {
        throw new Error(
          `notify start (${description}) refused the operator call: ${errorBody.error ?? 'unauthorised'} ` +
            '(is NOTIFY_INGEST_SECRET the one it runs with?)',
        );
      }
      throw new ServiceCallError(response.status, errorBody);
    },
  };
}

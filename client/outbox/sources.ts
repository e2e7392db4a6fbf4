import path from 'node:path';
import { OutboxDirectory } from '../../channels/outbox';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { DataDirInUseError } from '../../db/pglite/data-dir-lock';
import { listOutbox } from '../../db/repositories/outbox-listing';
import { type DatabaseOrServiceConfig, openDatabaseOrService, type ServiceLink } from '../service-link';
import { type ContactView, entryFromRecord, entryFromRow, type OutboxEntry } from './entry';

export interface OutboxQuery {
  readonly limit: number;
  readonly customerId?: string;
  /** Epoch ms: only messages at or after it (following); unset: the newest `limit`. */
  readonly sinceMs?: number;
}

/** Where messages are listed from: the outbox table, or the development outbox files. */
export interface OutboxSource {
  /** For the note on stderr: which source this is. */
  readonly description: string;
  /** Oldest first. */
  readonly list: (query: OutboxQuery) => Promise<OutboxEntry[]>;
  readonly close: () => Promise<void>;
}

export type SourceChoice = 'auto' | 'database' | 'files';

/** The outbox files can only say what the file name and content say. */
export class UnsupportedQueryError extends Error {
  override readonly name = 'UnsupportedQueryError';
}

/**
 * `auto`: the database (it has every message, refusals included, with its status); but embedded PGlite admits one
 * process, so while `notify start` holds it the table is read through its API, or, when that process left no
 * service.json to find it by, the outbox files it writes are read instead, with a note saying so.
 */
export async function openOutboxSource(
  config: DatabaseOrServiceConfig,
  choice: SourceChoice,
  note: (line: string) => void,
  contacts: ContactView = 'masked',
): Promise<OutboxSource> {
  if (choice === 'files') return filesSource(config.database.dataDir, contacts);
  try {
    return await databaseSource(config, contacts);
  } catch (err) {
    if (choice === 'auto' && err instanceof DataDirInUseError) {
      const files = filesSource(config.database.dataDir, contacts);
      note(`the embedded database is in use by process ${err.pid} (notify start?); listing ${files.description}`);
      return files;
    }
    throw err;
  }
}

async function databaseSource(config: DatabaseOrServiceConfig, contacts: ContactView): Promise<OutboxSource> {
  const opened = await openDatabaseOrService(config);
  if (opened.kind === 'service') return serviceSource(opened.link, contacts);
  const { handle } = opened;
  return databaseSourceOf(handle.db, handle.location, { close: () => handle.close(), contacts });
}

/**
 * The outbox table read by the running `notify start` (api/routes/operator/outbox.ts). It masks contacts itself;
 * `reveal=1`, part of the signed query, asks for them in full.
 */
function serviceSource(link: ServiceLink, contacts: ContactView): OutboxSource {
  return {
    description: `the outbox table (through notify start, ${link.description})`,
    list: async (query) => {
      const params = new URLSearchParams({ limit: String(query.limit) });
      if (query.customerId !== undefined) params.set('customer', query.customerId);
      if (query.sinceMs !== undefined) params.set('since', new Date(query.sinceMs).toISOString());
      if (contacts === 'revealed') params.set('reveal', '1');
      return (await link.call<{ entries: OutboxEntry[] }>('GET', `/outbox?${params.toString()}`)).entries;
    },
    close: () => Promise.resolve(),
  };
}

/** The outbox table of an open database; `close` is what closing the source does (tests keep their handle). */
export function databaseSourceOf(
  db: Kysely<Database>,
  location: string,
  options: { readonly close?: () => Promise<void>; readonly contacts?: ContactView } = {},
): OutboxSource {
  const { close = () => Promise.resolve(), contacts = 'masked' } = options;
  return {
    description: `the outbox table (${location})`,
    list: async (query) => {
      const rows = await listOutbox(db, {
        limit: query.limit,
        ...(query.customerId === undefined ? {} : { customerId: query.customerId }),
        ...(query.sinceMs === undefined ? {} : { since: new Date(query.sinceMs) }),
      });
      return rows.map((row) => entryFromRow(row, contacts));
    },
    close,
  };
}

export function filesSource(dataDir: string, contacts: ContactView = 'masked'): OutboxSource {
  const outbox = new OutboxDirectory(path.resolve(dataDir));
  return {
    description: `the outbox files under ${outbox.directory}`,
    list: async (query) => {
      if (query.customerId !== undefined) {
        throw new UnsupportedQueryError(
          '--customer needs the database: the outbox files do not record the customer (stop notify start, or use DATABASE_URL)',
        );
      }
      const since = query.sinceMs;
      const entries = (await outbox.list())
        .map((record) => entryFromRecord(record, outbox.directory, contacts))
        .filter((entry) => since === undefined || Date.parse(entry.at) >= since);
      return since === undefined ? entries.slice(-query.limit) : entries.slice(0, query.limit);
    },
    close: () => Promise.resolve(),
  };
}

import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { makePrivateDirectory } from '../../security/private-paths';
import { PG_TYPE, parseInt8 } from '../type-parsers';
import { lockDataDir } from './data-dir-lock';

export interface OpenedPGlite {
  readonly pglite: PGlite;
  /** Where the database lives, for banners and errors. */
  readonly location: string;
  /** Releases what opening took besides the database itself (the data directory lock). */
  readonly release: () => void;
}

/**
 * Opens embedded Postgres: in memory, or under `<dataDir>/pglite` (created if missing). The application's data
 * directory also holds other things (the development outbox), so PGlite gets a subdirectory of its own.
 */
export async function openPGlite(where: { inMemory: true } | { dataDir: string }): Promise<OpenedPGlite> {
  const parsers = { [PG_TYPE.int8]: parseInt8 };
  if ('inMemory' in where) {
    return { pglite: await PGlite.create({ parsers }), location: 'in memory', release: () => undefined };
  }
  const root = path.resolve(where.dataDir);
  // Customers' contacts and messages live here: the data directory is created 0700 (one that exists is the
  // operator's choice), and PGlite's own directory is made 0700 even when it exists.
  makePrivateDirectory(root);
  const dataDir = path.join(root, 'pglite');
  const release = lockDataDir(`${dataDir}.lock`);
  try {
    makePrivateDirectory(dataDir, { tightenExisting: true });
    return { pglite: await PGlite.create({ dataDir, parsers }), location: dataDir, release };
  } catch (err) {
    release();
    throw err;
  }
}

import type { PGliteInterface } from '@electric-sql/pglite';
import { CompiledQuery, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { PGliteConnection } from './connection';
import { Mutex } from './mutex';

/**
 * A kysely driver over one PGlite instance. PGlite is single-connection, so acquiring the connection takes a lock
 * that is held until kysely releases it: a transaction runs alone, and other queries wait for it to finish.
 * Consequence: inside `db.transaction().execute(trx => …)`, use `trx`; a query on `db` there would wait for the
 * transaction that is waiting for it (on Postgres it would run outside the transaction, which is a bug there too).
 */
export class PGliteDriver implements Driver {
  readonly #lock = new Mutex();
  readonly #connection: PGliteConnection;

  constructor(private readonly pglite: PGliteInterface) {
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#lock.release();
    return Promise.resolve();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    const access = settings.accessMode ? ` ${settings.accessMode}` : '';
    await connection.executeQuery(CompiledQuery.raw(`start transaction${isolation}${access}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  /** Waits for the current holder to finish, then closes the database. */
  async destroy(): Promise<void> {
    await this.#lock.acquire();
    try {
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      this.#lock.release();
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

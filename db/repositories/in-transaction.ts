import type { Transaction } from 'kysely';
import type { Database, DbOrTransaction } from '../database';

/** Runs `work` in the caller's transaction when there is one, else in a new one: multi-statement writes stay atomic. */
export function inTransaction<T>(db: DbOrTransaction, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}

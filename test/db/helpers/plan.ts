import { CompiledQuery, type Compilable, sql } from 'kysely';
import type { DbOrTransaction } from '../../../db/database';

/**
 * The plan Postgres picks for a query when sequential scans are ruled out, as text. On tables this small the planner
 * would scan sequentially anyway; what the tests check is that an index exists that can answer the query.
 */
export async function planOf(db: DbOrTransaction, query: Compilable): Promise<string> {
  const compiled = query.compile();
  const run = async (trx: DbOrTransaction): Promise<string> => {
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<Record<string, string>>(
      CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
    );
    return rows.map((row) => Object.values(row).join(' ')).join('\n');
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

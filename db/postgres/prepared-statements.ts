import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { STATEMENT_MARK } from '../statement';

/**
 * The pool kysely talks to, which runs statements defined with `defineStatement` as named prepared statements:
 * each connection parses and plans one the first time it runs it, and afterwards only binds values. On the notify
 * path this halves Postgres's CPU per send (planning the send-context query cost more than running it). Every other
 * query passes through unchanged and unnamed, so ad-hoc SQL never piles up prepared statements on a connection.
 *
 * Behind a connection pooler, named statements need one that supports them (PgBouncer 1.21+ with
 * `max_prepared_statements`, or session pooling).
 */
export function preparingPool(pool: Pool): PostgresPool {
  const wrapped = new WeakMap<PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let kyselyClient = wrapped.get(client);
      if (!kyselyClient) {
        kyselyClient = preparingClient(client);
        wrapped.set(client, kyselyClient);
      }
      return kyselyClient;
    },
    end: () => pool.end(),
  };
}

function preparingClient(client: PoolClient): PostgresPoolClient {
  function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  function query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      return (client.query as unknown as (cursor: PostgresCursor<R>) => PostgresCursor<R>)(sqlOrCursor);
    }
    const values = parameters === undefined ? [] : [...parameters];
    const name = statementName(sqlOrCursor);
    const config = name === undefined ? { text: sqlOrCursor, values } : { name, text: sqlOrCursor, values };
    return client.query(config) as unknown as Promise<PostgresQueryResult<R>>;
  }
  return { query, release: () => client.release() };
}

/** The name a `defineStatement` SQL text carries in its leading comment; undefined for any other SQL. */
export function statementName(sql: string): string | undefined {
  if (!sql.startsWith(STATEMENT_MARK)) return undefined;
  const end = sql.indexOf(' */', STATEMENT_MARK.length);
  return end === -1 ? undefined : sql.slice(STATEMENT_MARK.length, end);
}

import {
  type Compilable,
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
} from 'kysely';
import type { Database, DbOrTransaction } from './database';

/**
 * The comment a hot statement's SQL starts with. The Postgres pool (postgres/prepared-statements.ts) reads the name
 * from it and runs the statement as a named prepared statement; PGlite and humans reading `pg_stat_activity` see a
 * comment saying which statement this is.
 */
export const STATEMENT_MARK = '/* statement ';

/**
 * A query on the hot path, built with kysely once and run many times with new parameters.
 *
 * Building and compiling a kysely query costs about as much CPU as the round trip it describes (0.2 ms for the
 * notify activity's send-context query against 0.08 ms for `select 1`), and Postgres spends more planning that
 * query than running it. A statement is therefore compiled on first use, with a placeholder per parameter, and each
 * run only fills in the values; on Postgres it is also prepared once per connection.
 *
 * A parameter is one value (an array passed to `unnest` is one value); a list given to `in` is expanded by kysely
 * into constants of the statement, so it cannot be a parameter. Select and return columns by name, never `*` of a
 * table: a prepared statement whose result columns change under it (a migration added a column while workers were
 * running) fails with "cached plan must not change result type".
 */
export interface Statement<P, R> {
  readonly name: string;
  /** The SQL as sent, with its name comment. */
  readonly sql: string;
  run(db: DbOrTransaction, params: P): Promise<R[]>;
}

/** The placeholder `build` puts where a parameter goes: the statement reads its value from `params[key]`. */
export type Param<P> = <K extends keyof P & string>(key: K) => P[K];

/** A query builder, or `sql` for what the builder cannot say (multi-row writes from `unnest`). */
type Buildable<R> = Compilable<R> | RawBuilder<R>;

/**
 * Defines a statement. `name` must be unique among statements (it names the prepared statement on every
 * connection) and at most 50 characters; `build` receives a kysely instance that compiles but never executes.
 */
export function defineStatement<P extends object, R>(
  name: string,
  build: (db: Kysely<Database>, param: Param<P>) => Buildable<R>,
): Statement<P, R> {
  if (!/^[a-z][a-z0-9_.:+-]{0,49}$/.test(name)) throw new Error(`invalid statement name ${JSON.stringify(name)}`);
  let compiled: { sql: string; slots: Slot<P>[] } | undefined;
  const compile = (): { sql: string; slots: Slot<P>[] } => (compiled ??= compileStatement(name, build));
  return {
    name,
    get sql() {
      return compile().sql;
    },
    async run(db, params) {
      const { sql, slots } = compile();
      const values = slots.map((slot) => (slot.kind === 'param' ? params[slot.key] : slot.value));
      const result = await db.executeQuery<R>(CompiledQuery.raw(sql, values));
      return result.rows;
    },
  };
}

type Slot<P> =
  { readonly kind: 'param'; readonly key: keyof P } | { readonly kind: 'constant'; readonly value: unknown };

const PLACEHOLDER = '\u0000statement-param:';

function compileStatement<P, R>(
  name: string,
  build: (db: Kysely<Database>, param: Param<P>) => Buildable<R>,
): { sql: string; slots: Slot<P>[] } {
  const asked = new Set<string>();
  const param = <K extends keyof P & string>(key: K): P[K] => {
    asked.add(key);
    return `${PLACEHOLDER}${key}` as P[K];
  };
  const built = build(compilerOnly(), param);
  const query = 'isRawBuilder' in built ? built.compile(compilerOnly()) : built.compile();
  const slots = query.parameters.map((value): Slot<P> => {
    if (typeof value === 'string' && value.startsWith(PLACEHOLDER)) {
      return { kind: 'param', key: value.slice(PLACEHOLDER.length) as keyof P };
    }
    return { kind: 'constant', value };
  });
  const sent = new Set(slots.flatMap((slot) => (slot.kind === 'param' ? [String(slot.key)] : [])));
  const lost = [...asked].filter((key) => !sent.has(key));
  // A placeholder kysely folded into the SQL text (or dropped) would silently run with the wrong value.
  if (lost.length > 0) throw new Error(`statement ${name}: ${lost.join(', ')} did not compile to parameters`);
  return { sql: `${STATEMENT_MARK}${name} */ ${query.sql}`, slots };
}

let compiler: Kysely<Database> | undefined;

/** Kysely with Postgres SQL and no connection (its documented way to build queries without running them). */
function compilerOnly(): Kysely<Database> {
  return (compiler ??= new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }));
}

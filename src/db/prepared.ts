import { CompiledQuery, sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
type Scalar = string | number;

/** Stands in for argument `i` while the query is compiled; never valid reader input (NUL). */
const marker = (i: number) => `\u0000arg${i}\u0000`;

interface Compiled {
  sql: string;
  /** For each bound parameter: the index of the argument it takes, or a value fixed at build time. */
  slots: Array<{ arg: number } | { value: unknown }>;
}

/**
 * A read query built and compiled once per database and then run with new
 * values. Kysely builds and compiles every query afresh, which takes about
 * as long as SQLite takes to answer the lookups a page makes, and the hot
 * pages make several on every render. The arguments must only be bound as
 * values: a query whose SQL shape depends on them (an `in` list, a branch)
 * is refused at its first run.
 */
export function preparedQuery<Args extends Scalar[], Row>(
  build: (db: Db, ...args: Args) => Compilable<Row>,
): (db: Db, ...args: Args) => Promise<Row[]> {
  const compiledFor = new WeakMap<Db, Compiled>();
  return async (db, ...args) => {
    let compiled = compiledFor.get(db);
    if (!compiled) {
      compiled = compile(db, build, args.length);
      compiledFor.set(db, compiled);
    }
    const parameters = compiled.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}

/**
 * Names for the SQL of prepared queries, for PostgreSQL's named statements
 * (src/db/dialects/postgres.ts): each connection then parses and plans the
 * statement once instead of on every run. Bounded, since listings are
 * prepared per page number and every name lives on in every connection.
 */
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 500;

/** The name a prepared query's SQL runs under on PostgreSQL, or undefined for any other SQL. */
export function statementName(sql: string): string | undefined {
  return statementNames.get(sql);
}

/** Runs this SQL as a named statement on PostgreSQL from now on: for SQL whose plan does not hang on its values. */
export function nameStatement(sql: string): void {
  if (!statementNames.has(sql) && statementNames.size < MAX_STATEMENT_NAMES)
    statementNames.set(sql, `toasoan_${statementNames.size + 1}`);
}

function compile<Args extends Scalar[]>(
  db: Db,
  build: (db: Db, ...args: Args) => Compilable<unknown>,
  count: number,
): Compiled {
  const markers = Array.from({ length: count }, (_, i) => marker(i));
  const query = build(db, ...(markers as unknown as Args)).compile();
  const slots = query.parameters.map((p) => {
    const arg = typeof p === 'string' ? markers.indexOf(p) : -1;
    return arg >= 0 ? { arg } : { value: p };
  });
  const bound = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
  if (bound.size !== count || markers.some((m) => query.sql.includes(m))) {
    throw new Error(`preparedQuery: every argument must be bound once as a value in: ${query.sql}`);
  }
  nameStatement(query.sql);
  return { sql: query.sql, slots };
}

/**
 * LIMIT and OFFSET written into the SQL. SQLite plans a literal limit better
 * than a bound one, and a statement with a bound LIMIT is prepared again on
 * every run.
 * Integers only, checked.
 */
export function literalInt(n: number) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a row count: ${n}`);
  return sql.lit(n);
}

import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { sqliteSearchIndex } from '../../search/sqlite-index.js';
import type { Database } from '../schema.js';
import { queryClock, type DbHandle } from './types.js';

export function createSqliteDb(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SqliteDatabase(file);
  native.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, so an acknowledged write survives power loss too.
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  // Pages are read far more than written: a 64 MiB page cache and memory-mapped
  // reads made a list query ~3x faster than the 2 MiB default (10,000 articles).
  native.pragma('cache_size = -65536');
  native.pragma('mmap_size = 268435456');
  const clock = queryClock();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(native) }), log: clock.log });
  return {
    db,
    dialect: 'sqlite',
    helpers: {
      idType: 'integer',
      idColumn: (col) => col.primaryKey().autoIncrement(),
      timestampType: 'timestamptz',
      createSearchSchema: (db) => sqliteSearchIndex.createSchema(db),
      createSearchSpeedups: (db) => sqliteSearchIndex.createSpeedups(db),
      createSearchTitles: (db) => sqliteSearchIndex.createTitleIndex(db),
    },
    async migrationSchema() {
      return undefined;
    },
    search: sqliteSearchIndex,
    onConnectionError() {
      // One file, no connection to lose.
    },
    stats: () => clock.stats,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async destroy() {
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query afresh; the same few SQL strings repeat on every
 * page view, so reusing their prepared statements saves the parse each time.
 * Safe because Kysely's driver runs one statement at a time per connection.
 */
function withStatementCache(native: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, RowStatement>();
  return {
    close: () => native.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = rowStatement(native.prepare(sql));
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

type Row = Record<string, unknown>;
type RowStatement = Pick<SqliteDatabase.Statement, 'reader' | 'run'> & {
  all(parameters: readonly unknown[]): Row[];
  iterate(parameters: readonly unknown[]): IterableIterator<Row>;
};

/**
 * better-sqlite3 builds each row object in C++ one property at a time, which
 * cost twice as much as reading the row: fifty comments took ~200 µs. It
 * hands rows over as arrays much faster, and objects filled in the same key
 * order from JavaScript share one shape. Same rows, same keys (a repeated
 * column name keeps its last value, as before).
 */
function rowStatement(stmt: SqliteDatabase.Statement): RowStatement {
  if (!stmt.reader) return stmt as unknown as RowStatement;
  const names = stmt.columns().map((c) => c.name);
  // In a literal, a "__proto__" key would set the prototype instead of a field; such rows keep the driver's objects.
  if (names.includes('__proto__')) return stmt as unknown as RowStatement;
  stmt.raw(true);
  // An object literal per statement: a loop of `row[name] = value` is a
  // keyed store V8 cannot specialise, and cost as much as reading the rows.
  // The names are quoted with JSON.stringify, so any alias stays a string key.
  const toRow = new Function('v', `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(', ')}};`) as (values: unknown[]) => Row;
  return {
    reader: true,
    run: (...parameters: unknown[]) => stmt.run(...parameters),
    all: (parameters) => (stmt.all(parameters) as unknown[][]).map(toRow),
    *iterate(parameters) {
      for (const values of stmt.iterate(parameters) as IterableIterator<unknown[]>) yield toRow(values);
    },
  };
}

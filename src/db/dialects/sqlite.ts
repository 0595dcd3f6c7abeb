import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type TransactionSettings,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { sqliteSearchIndex } from '../../search/sqlite-index.js';
import type { Database } from '../schema.js';
import { rebuildRelaxed } from './sqlite-rebuild.js';
import { queryClock, type DbHandle } from './types.js';

export function createSqliteDb(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SqliteDatabase(file);
  native.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, so an acknowledged write survives power loss too.
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  // A 4 MiB page cache, and reads through it rather than a memory map: mapped pages of the file count in
  // the process's resident memory, up to the database's size; pages the cache drops are still in the
  // kernel's cache of the file, a read away (bench/README.md has the measurements).
  native.pragma('cache_size = -4096');
  native.pragma('mmap_size = 0');
  // SQLite's own lower() folds ASCII only: staff searching "đặng" must find "ĐẶNG" here as on PostgreSQL.
  native.function('lower', { deterministic: true }, (s: unknown) => (s === null ? null : String(s).toLowerCase()));
  const clock = queryClock();
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(native) }),
    log: clock.log,
  });
  return {
    kysely: db,
    dialect: 'sqlite',
    helpers: {
      idType: 'integer',
      idColumn: (col) => col.primaryKey().autoIncrement(),
      timestampType: 'timestamptz',
      createSearchSchema: (db) => sqliteSearchIndex.createSchema(db),
      createSearchSpeedups: (db) => sqliteSearchIndex.createSpeedups(db),
      createSearchTitles: (db) => sqliteSearchIndex.createTitleIndex(db),
      createSearchLeads: (db) => sqliteSearchIndex.createLeadIndex(db),
      addSearchBlocks: (db) => sqliteSearchIndex.addPrefixesAndBlocks(db),
      replaceSearchLookups: (db) => sqliteSearchIndex.replaceLookups(db),
      mergeSearchIndexes: (db) => sqliteSearchIndex.mergeVectorIndexes(db),
      createSearchWindowIndex: (db) => sqliteSearchIndex.createWindowIndex(db),
      createSearchFilteredLookups: (db) => sqliteSearchIndex.createFilteredLookups(db),
      addSearchPhrasePairs: (db) => sqliteSearchIndex.addPhrasePairs(db),
      addSearchPhraseVectors: (db) => sqliteSearchIndex.addPhraseVectors(db),
      relaxColumns: rebuildRelaxed,
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
 * Transactions take the write lock as they begin. A plain BEGIN reads first and asks for the lock at its
 * first write; if another process (the CLI, a second server) committed in between, SQLite refuses at once
 * with "database is locked" instead of waiting busy_timeout, since the transaction's snapshot is stale.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  // A read-only transaction (the backup's snapshot) must not hold the write lock the site needs meanwhile.
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(
      CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'),
    );
  }
}

/**
 * Kysely prepares every query afresh; the same few SQL strings repeat on every
 * page view, so reusing their prepared statements saves the parse each time.
 * Safe because Kysely's driver runs one statement at a time per connection.
 */
function withStatementCache(native: SqliteDatabase.Database, max = 500) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => native.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = native.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

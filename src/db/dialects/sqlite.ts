import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { sqliteSearchIndex } from '../../search/sqlite-index.js';
import type { Database } from '../schema.js';
import type { DbHandle } from './types.js';

export function createSqliteDb(file: string): DbHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SqliteDatabase(file);
  native.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we answer, so an acknowledged write survives power loss too.
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
  return {
    db,
    dialect: 'sqlite',
    helpers: {
      idType: 'integer',
      idColumn: (col) => col.primaryKey().autoIncrement(),
      timestampType: 'timestamptz',
      createSearchSchema: (db) => sqliteSearchIndex.createSchema(db),
    },
    search: sqliteSearchIndex,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async destroy() {
      await db.destroy();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle, type DialectName } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function backends(): DialectName[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  url: string;
  handle: DbHandle;
  /** Closes the connection and deletes the file or schema. */
  drop(): Promise<void>;
}

/** A fresh, migrated database: a temp SQLite file, or a private schema in PostgreSQL. `migrate: false` leaves it empty. */
export async function createTestDatabase(
  dialect: DialectName,
  opts: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const url = dialect === 'sqlite' ? sqliteUrl() : await postgresSchemaUrl();
  const handle = createDb(url.url);
  if (opts.migrate !== false) await migrateToLatest(handle);
  return {
    url: url.url,
    handle,
    async drop() {
      await handle.destroy().catch(() => undefined);
      await url.cleanup();
    },
  };
}

function sqliteUrl() {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-test-'));
  return {
    url: `sqlite:${path.join(dir, 'test.db')}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresSchemaUrl() {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

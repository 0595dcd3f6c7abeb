import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase } from './support/databases.js';

// A PostgreSQL server is often shared: other applications (and our own
// parallel test files) create and drop schemas while we migrate.
const url = process.env.TEST_DATABASE_URL;

describe('postgres shared with other schemas', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  test('migrations succeed while another session keeps creating and dropping schemas', async () => {
    const churn = new pg.Client({ connectionString: url });
    await churn.connect();
    let stop = false;
    let churned = 0;
    const churning = (async () => {
      while (!stop) {
        const name = `churn_${process.pid}_${churned++}`;
        await churn.query(`create schema ${name}; create table ${name}.t (a int, b text, c int)`);
        await churn.query(`drop schema ${name} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 6; i++) {
        const d = await createTestDatabase('postgres', { migrate: false });
        const applied = await migrateToLatest(d.handle);
        assert.ok(applied.includes('001-public-site'), applied.join(','));
        const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(d.handle.kysely);
        assert.equal(rows[0]?.n, applied.length, 'every migration ran and was recorded');
        await d.drop();
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
    assert.ok(churned > 6, `schemas were churned during the migrations (${churned})`);
  });

  test('introspection lists the tables of the current schema only', async () => {
    const a = await createTestDatabase('postgres');
    const b = await createTestDatabase('postgres', { migrate: false });
    try {
      await sql`create table only_in_b (x integer)`.execute(b.handle.kysely);
      const tables = await a.handle.kysely.introspection.getTables({ withInternalKyselyTables: true });
      const names = tables.map((t) => t.name);
      assert.ok(names.includes('articles') && names.includes('kysely_migration'), names.join(','));
      assert.ok(!names.includes('only_in_b'));
      assert.equal(new Set(tables.map((t) => t.schema)).size, 1);
      const withoutInternal = (await a.handle.kysely.introspection.getTables()).map((t) => t.name);
      assert.ok(!withoutInternal.includes('kysely_migration'));
      const id = tables.find((t) => t.name === 'articles')?.columns.find((c) => c.name === 'id');
      assert.equal(id?.isAutoIncrementing, true);
      assert.equal(id?.isNullable, false);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

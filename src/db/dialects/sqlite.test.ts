import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { createSqliteDb } from './sqlite.js';

// Rows are read as arrays and rebuilt in JavaScript for speed; they must be
// the very objects better-sqlite3 itself would have made, whatever the names.
test('rows rebuilt from arrays equal the driver’s own, for any column names', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-rows-'));
  const file = path.join(dir, 'rows.db');
  try {
    const query = `select 1 as "a", 'x' as "b""c", null as "tên cột", 2.5 as "", 3 as "a", 'p' as "__proto__", x'00ff' as "blob", 'z' as "constructor"`;
    const handle = createSqliteDb(file);
    const ours = (await sql.raw<Record<string, unknown>>(query).execute(handle.db)).rows;
    const plain = (await sql.raw<Record<string, unknown>>(query.replace(', \'p\' as "__proto__"', '')).execute(handle.db)).rows;
    await handle.destroy();
    const native = new SqliteDatabase(file);
    const theirs = native.prepare(query).all();
    const theirsPlain = native.prepare(query.replace(', \'p\' as "__proto__"', '')).all();
    native.close();
    assert.deepEqual(ours, theirs);
    assert.deepEqual(plain, theirsPlain);
    assert.equal(plain[0]!['a'], 3, 'a repeated name keeps its last value');
    assert.equal(Object.getPrototypeOf(plain[0]), Object.prototype);
    assert.equal(Object.getPrototypeOf(ours[0]), Object.prototype, 'a "__proto__" column never sets the prototype');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

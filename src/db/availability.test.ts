import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { isDatabaseUnavailable, isDiskFull } from './availability.js';

/** The error a call really throws, to classify it. */
async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

test('SQLite: a lock held past busy_timeout is an outage; a bad statement or a constraint is not', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-availability-'));
  const file = path.join(dir, 'a.db');
  const holder = new SqliteDatabase(file);
  const other = new SqliteDatabase(file);
  try {
    holder.pragma('journal_mode = WAL');
    holder.exec('create table t (id integer primary key)');
    other.pragma('busy_timeout = 0');
    holder.exec('begin immediate');
    const busy = await caught(() => other.exec('begin immediate'));
    holder.exec('commit');
    assert.equal(isDatabaseUnavailable(busy), true, String(busy));
    assert.equal(isDatabaseUnavailable(new Error('wrapped', { cause: busy })), true, 'found through a wrapper');
    const syntax = await caught(() => other.exec('selec 1'));
    other.exec('insert into t (id) values (1)');
    const duplicate = await caught(() => other.exec('insert into t (id) values (1)'));
    for (const err of [syntax, duplicate]) {
      assert.equal(isDatabaseUnavailable(err), false, String(err));
      assert.equal(isDiskFull(err), false, String(err));
    }
    assert.equal(isDiskFull(busy), false);
  } finally {
    holder.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('PostgreSQL: a refused connection is an outage', async () => {
  // A port that was free a moment ago: nothing listens there.
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/test` });
  const refused = await caught(() => client.connect());
  assert.equal(isDatabaseUnavailable(refused), true, String(refused));
});

const url = process.env.TEST_DATABASE_URL;
if (url) {
  test('PostgreSQL: an ended backend is an outage; a bad statement is not', async () => {
    const victim = new pg.Client({ connectionString: url });
    const admin = new pg.Client({ connectionString: url });
    await victim.connect();
    await admin.connect();
    try {
      // An error listener, as the app's pool has: the ended connection also emits one.
      victim.on('error', () => undefined);
      const syntax = await caught(() => victim.query('selec 1'));
      assert.equal(isDatabaseUnavailable(syntax), false, String(syntax));
      const { rows } = await victim.query<{ pid: number }>('select pg_backend_pid() as pid');
      const sleeping = caught(() => victim.query('select pg_sleep(30)'));
      // Wait until the sleep is running, so the termination ends a query in flight.
      while (
        (
          await admin.query("select 1 from pg_stat_activity where pid = $1 and query like 'select pg_sleep%'", [
            rows[0]!.pid,
          ])
        ).rowCount === 0
      );
      await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      const ended = await sleeping;
      assert.equal(isDatabaseUnavailable(ended), true, String(ended));
      const after = await caught(() => victim.query('select 1'));
      assert.equal(isDatabaseUnavailable(after), true, String(after));
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }
  });
}

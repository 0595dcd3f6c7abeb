import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { createTestDatabase, backends, type TestDatabase } from './support/databases.js';
import { startServerProcess, type RunningServer } from './support/server.js';
import { proxyDatabaseUrl, type TcpProxy } from './support/tcp-proxy.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { isDatabaseUnavailable } from '../src/db/availability.js';
import { createDb } from '../src/db/index.js';

const MAINTENANCE = 'Hệ thống đang bảo trì, vui lòng thử lại sau';

for (const dialect of backends()) {
  describe(`readiness (${dialect})`, () => {
    test('/readyz answers 503 until every migration has run, then 200; /healthz pings the database', async () => {
      const database = await createTestDatabase(dialect, { migrate: false });
      try {
        // Far enough for the app to start (sessions, settings), short of the latest schema.
        await migrateTo(database.handle, '010-guest-comment-owner');
        const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, LOG_LEVEL: 'silent' });
        const { app } = await buildApp({ config, db: database.handle });
        try {
          const early = await app.inject('/readyz');
          assert.equal(early.statusCode, 503);
          assert.equal(early.headers['cache-control'], 'no-store');
          assert.equal(early.json().status, 'migrating');
          await migrateToLatest(database.handle);
          const ready = await app.inject('/readyz');
          assert.equal(ready.statusCode, 200, ready.body);
          assert.equal(ready.json().status, 'ready');
          assert.equal((await app.inject('/healthz')).statusCode, 200);
        } finally {
          await app.close();
        }
      } finally {
        await database.drop();
      }
    });
  });
}

/** GET through the real server; a refused connection would throw, which the test reports as a failure. */
async function get(base: string, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** Polls until the server answers `url` with 200: recovery needs no restart, only time for a new connection. */
async function until200(base: string, url: string): Promise<number> {
  for (let tries = 1; tries <= 100; tries++) {
    if ((await get(base, url)).status === 200) return tries;
    await sleep(100);
  }
  throw new Error(`${url} never answered 200 again`);
}

function assertMaintenancePage(res: { status: number; headers: Headers; body: string }) {
  assert.equal(res.status, 503, res.body.slice(0, 300));
  assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.ok(res.body.includes(MAINTENANCE), res.body.slice(0, 500));
}

const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) {
  describe('postgres going away under a running server', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let server: RunningServer;
    const appName = `toasoan_outage_${randomBytes(4).toString('hex')}`;

    before(async () => {
      database = await createTestDatabase('postgres');
      const proxied = await proxyDatabaseUrl(database.url);
      proxy = proxied.proxy;
      const url = new URL(proxied.url);
      // Names the app's connections, so the test can end exactly those.
      url.searchParams.set('application_name', appName);
      // No demo content (on by default): its pictures are drawn after the start, each a content change that drops
      // the cached pages, and on a busy machine the drawing still went on when the home page was cached before the cut.
      server = await startServerProcess({ DATABASE_URL: url.toString(), DEMO_CONTENT: '0', PAGE_CACHE_SECONDS: '1' });
    });

    after(async () => {
      await server?.stop();
      await proxy?.close();
      await database?.drop();
    });

    function assertAlive() {
      assert.equal(server.child.exitCode, null, `the server died:\n${server.output()}`);
      assert.equal(server.child.signalCode, null, `the server died:\n${server.output()}`);
    }

    test('pg_terminate_backend on every app connection: the process lives and answers again', async () => {
      assert.equal((await get(server.url, '/')).status, 200);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        let terminated = 0;
        const statuses = new Set<number>();
        for (let round = 0; round < 5; round++) {
          // Requests in flight while their connections are ended: each gets a page or the 503, never a 500.
          const inFlight = Array.from({ length: 6 }, (_, i) => get(server.url, `/tim-kiem?q=kill${round}x${i}`));
          const { rowCount } = await admin.query(
            'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
            [appName],
          );
          terminated += rowCount ?? 0;
          for (const res of await Promise.all(inFlight)) {
            statuses.add(res.status);
            if (res.status !== 200) assertMaintenancePage(res);
          }
          await sleep(200);
          assertAlive();
        }
        assert.ok(terminated > 0, 'the app had connections to end');
        assert.deepEqual(
          [...statuses].filter((s) => s !== 200 && s !== 503),
          [],
        );
        assertAlive();
        await until200(server.url, '/tim-kiem?q=after-terminate');
        assertAlive();
      } finally {
        await admin.end();
      }
    });

    /**
     * Waits until the server listens for content changes again. The test before ended that
     * connection too, and on reconnecting the server drops every cached page (notices may have
     * been missed): a page cached before then would not count as the current one.
     */
    async function untilListening() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        // The same listening backend for a whole second: a backend the test before terminated can still be
        // listed for a moment while it exits, and the server's own reconnect waits out a backoff first.
        let seen: { pid: number; since: number } | undefined;
        for (;;) {
          const { rows } = await admin.query<{ pid: number }>(
            "select pid from pg_stat_activity where application_name = $1 and query like 'listen %'",
            [appName],
          );
          const pid = rows.length === 1 ? rows[0]!.pid : undefined;
          if (pid === undefined) seen = undefined;
          else if (seen?.pid !== pid) seen = { pid, since: Date.now() };
          else if (Date.now() - seen.since >= 1000) return;
          await sleep(100);
        }
      } finally {
        await admin.end();
      }
    }

    test('a cut connection: 503 in Vietnamese with Retry-After, cached pages served even past their TTL, back on its own after restore', async () => {
      await untilListening();
      // The reconnect drops the caches just after its LISTEN: let that land before caching the page.
      await sleep(100);
      assert.equal((await get(server.url, '/')).status, 200, 'the home page is rendered and cached before the cut');
      assert.equal((await get(server.url, '/readyz')).status, 200, 'a load balancer has seen the instance ready');
      proxy.cut();
      try {
        assertMaintenancePage(await get(server.url, '/tim-kiem?q=during-the-cut'));
        const api = await get(server.url, '/api/v1/search?q=during-the-cut');
        assert.equal(api.status, 503);
        assert.match(api.headers.get('retry-after') ?? '', /^\d+$/);
        assert.match(api.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(JSON.parse(api.body).error.message, MAINTENANCE);
        // Past the page cache's TTL (1 s here), the last good copy is served rather than a 503.
        await sleep(1100);
        const cached = await get(server.url, '/');
        assert.equal(cached.status, 200, `the last good copy was not served:\n${server.output()}`);
        assert.ok(cached.body.includes('</html>'));
        // With a cookie the front lane steps aside, and the router's page cache must answer without the database either.
        assert.equal((await get(server.url, '/', { cookie: 'unrelated=1' })).status, 200);
        assert.equal((await get(server.url, '/healthz')).status, 503);
        // Ready means migrated: a load balancer keeps sending readers, who get cached pages.
        assert.equal((await get(server.url, '/readyz')).status, 200);
        await sleep(300);
        assertAlive();
        assertMaintenancePage(await get(server.url, '/tim-kiem?q=still-cut'));
      } finally {
        proxy.restore();
      }
      await until200(server.url, '/tim-kiem?q=after-restore');
      assert.equal((await get(server.url, '/healthz')).status, 200);
      assert.equal((await get(server.url, '/api/v1/search?q=after-restore')).status, 200);
      assertAlive();
    });
  });

  describe('postgres lost while a connection is being set up', () => {
    test('every pool slot comes back: once the server answers again, so does the app', async () => {
      const database = await createTestDatabase('postgres');
      const { proxy, url } = await proxyDatabaseUrl(database.url);
      const db = createDb(url);
      let held = 0;
      try {
        proxy.dropConnectionsAtFirstQuery();
        // More tries than the pool's 10 connections: a slot kept by each failed setup would leave none free.
        for (let i = 0; i < 12; i++) await assert.rejects(db.ping(), (err) => isDatabaseUnavailable(err));
        proxy.restore();
        const pool = db.stats().pool!;
        held = pool.total - pool.idle;
        assert.equal(held, 0, 'no connection is left checked out by a setup that failed');
        // The settings each connection starts with: ours, and the URL's own (the test's schema) beside it.
        const { rows } = await sql<{ plans: string; schema: string }>`
          select current_setting('plan_cache_mode') as plans, current_schema() as schema`.execute(db.kysely);
        assert.deepEqual(rows, [{ plans: 'force_generic_plan', schema: await database.handle.migrationSchema() }]);
      } finally {
        // A pool with a client still out never finishes ending; the process exit takes it.
        if (held === 0) await db.destroy();
        await proxy.close();
        await database.drop();
      }
    });
  });
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { isDatabaseUnavailable } from '../src/db/availability.js';
import { createDb } from '../src/db/index.js';
import { ORIGIN } from './support/client.js';
import { createTestDatabase } from './support/databases.js';
import { proxyDatabaseUrl } from './support/tcp-proxy.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

async function visit(app: App, ip: string) {
  const res = await app.app.inject({
    method: 'POST',
    url: '/thong-ke/ghi',
    remoteAddress: ip,
    headers: { origin: ORIGIN, 'user-agent': BROWSER, 'content-type': 'application/x-www-form-urlencoded' },
    payload: '',
  });
  assert.equal(res.statusCode, 200, res.body);
}

/** Warnings the app logged, to see the dropped batch reported. */
function logSink() {
  const lines: { msg?: string; err?: unknown; visits?: number }[] = [];
  return {
    lines,
    logger: { level: 'warn', stream: { write: (l: string) => void lines.push(JSON.parse(l) as never) } },
  };
}

/**
 * The database goes away under a running app: the batch that cannot be
 * written is dropped (logged, never retried), and counting goes on after.
 */
async function outage(app: App, sink: ReturnType<typeof logSink>, down: () => void, up: () => void) {
  await app.app.ready();
  for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) await visit(app, ip);
  down();
  try {
    await app.stats.flush();
  } finally {
    up();
  }
  assert.equal(app.stats.dropped, 3);
  const warning = sink.lines.find((l) => /could not write a batch; dropped/.test(l.msg ?? ''));
  assert.ok(warning, JSON.stringify(sink.lines));
  assert.equal(warning.visits, 3);
  // Counting goes on, and the next flush writes only what came after: the dropped batch is gone for good.
  await visit(app, '203.0.113.4');
  await app.stats.flush();
  await app.stats.flush();
  assert.equal(app.stats.dropped, 3);
  assert.equal(app.stats.snapshot().total, 1);
}

describe('visitor statistics while the database is away', () => {
  test('sqlite: another process holds the write lock past busy_timeout, the batch is dropped', async () => {
    const database = await createTestDatabase('sqlite');
    const sink = logSink();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url });
    const app = await buildApp({ config, db: database.handle, logger: sink.logger });
    const holder = new SqliteDatabase(database.url.replace(/^sqlite:/, ''));
    try {
      await outage(
        app,
        sink,
        () => holder.exec('begin immediate'),
        () => holder.exec('commit'),
      );
      const err = sink.lines.find((l) => l.err)?.err;
      assert.ok(isDatabaseUnavailable(err) || /locked|busy/i.test(JSON.stringify(err)), JSON.stringify(err));
    } finally {
      holder.close();
      await app.app.close();
      await database.drop();
    }
  });

  if (process.env.TEST_DATABASE_URL)
    test('postgres: the connection is cut, the batch is dropped, counting resumes when it is back', async () => {
      const database = await createTestDatabase('postgres');
      const { proxy, url } = await proxyDatabaseUrl(database.url);
      const db = createDb(url);
      const sink = logSink();
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url });
      const app = await buildApp({ config, db, logger: sink.logger });
      try {
        await outage(
          app,
          sink,
          () => proxy.cut(),
          () => proxy.restore(),
        );
      } finally {
        await app.app.close();
        await db.destroy();
        await proxy.close();
        await database.drop();
      }
    });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';
import { RATE_LIMIT } from '../src/stats/visitor-stats.js';
import { ORIGIN } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

function beacon(
  t: { app: TestApp['app'] },
  opts: { ip?: string; ua?: string | null; body?: string; origin?: string | null; type?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/x-www-form-urlencoded' };
  if (opts.ua !== null) headers['user-agent'] = opts.ua ?? BROWSER;
  if (opts.origin !== null) headers.origin = opts.origin ?? ORIGIN;
  return t.app.inject({
    method: 'POST',
    url: '/thong-ke/ghi',
    remoteAddress: opts.ip ?? '203.0.113.7',
    payload: opts.body ?? '',
    headers,
  });
}

for (const dialect of backends()) {
  describe(`visitor statistics on ${dialect}`, () => {
    // 2026-03-31 23:58 in Vietnam (UTC+7): two minutes later it is another day and another month there.
    let clock = Date.parse('2026-03-31T16:58:00Z');
    let t: TestApp;
    let articleId: number;

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
      const categoryId = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
      articleId = (await makeArticle(t.site, { categoryId })).id;
      await t.app.ready();
    });
    after(() => t.close());

    test('a beacon counts in memory, answers the figures, and reaches the database only at the flush', async () => {
      const res = await beacon(t, { body: `articleId=${articleId}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.deepEqual(res.json(), { online: 0, today: 1, month: 1, total: 1, views: 1 });
      assert.equal((await t.database.handle.kysely.selectFrom('stats_days').selectAll().execute()).length, 0);
      await t.stats.flush();
      const days = await t.database.handle.kysely.selectFrom('stats_days').selectAll().execute();
      assert.deepEqual(
        days.map((d) => [d.day, Number(d.visits)]),
        [['2026-03-31', 1]],
      );
      const views = await t.database.handle.kysely.selectFrom('stats_article_views').selectAll().execute();
      assert.deepEqual(
        views.map((v) => [v.article_id, Number(v.views)]),
        [[articleId, 1]],
      );
      assert.deepEqual((await beacon(t, { ip: '203.0.113.8' })).json(), { online: 1, today: 2, month: 2, total: 2 });
    });

    test('days and months are Vietnam’s: after midnight there, "today" and "this month" start again', async () => {
      await t.stats.flush();
      clock += 3 * 60_000; // 2026-04-01 00:01 in Vietnam
      const res = await beacon(t, { ip: '203.0.113.9' });
      assert.deepEqual(res.json(), { online: 2, today: 1, month: 1, total: 3 });
      await t.stats.flush();
      const days = await t.database.handle.kysely.selectFrom('stats_days').select(['day']).orderBy('day').execute();
      assert.deepEqual(
        days.map((d) => d.day),
        ['2026-03-31', '2026-04-01'],
      );
    });

    test('bots are not counted: crawler user agents and requests without one get 204', async () => {
      const before = (await beacon(t, { ip: '198.51.100.1' })).json().total as number;
      for (const ua of [
        'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
        'Mozilla/5.0 (compatible; bingbot/2.0)',
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36',
        'curl/8.5.0',
        'python-requests/2.31',
        '',
      ]) {
        const res = await beacon(t, { ip: '198.51.100.2', ua });
        assert.equal(res.statusCode, 204, String(ua));
      }
      assert.equal((await beacon(t, { ip: '198.51.100.1' })).json().total, before + 1);
    });

    test('bad input is refused with a 4xx and counts nothing', async () => {
      const total = () => t.stats.snapshot().total;
      const start = total();
      for (const [body, status] of [
        ['articleId=abc', 400],
        ['articleId=0', 400],
        ['articleId=-3', 400],
        ['articleId=99999999999', 400],
        ['articleId=1&articleId=2', 400],
        ['ip=1.2.3.4', 400],
        [`articleId=${'9'.repeat(300)}`, 413],
      ] as const) {
        const res = await beacon(t, { ip: '192.0.2.50', body });
        assert.equal(res.statusCode, status, `${body.slice(0, 40)}: ${res.body.slice(0, 200)}`);
      }
      const json = await beacon(t, { ip: '192.0.2.50', body: '{"articleId":5}', type: 'application/json' });
      assert.equal(json.statusCode, 400, 'an article id must come as the form sends it');
      assert.equal((await beacon(t, { ip: '192.0.2.50', origin: 'https://evil.example' })).statusCode, 403);
      assert.equal((await beacon(t, { ip: '192.0.2.50', origin: null })).statusCode, 403);
      assert.equal(total(), start);
      // An id that is no article is answered, and left out of the database at the flush.
      assert.equal((await beacon(t, { ip: '192.0.2.51', body: 'articleId=424242' })).statusCode, 200);
      await t.stats.flush();
      const ids = await t.database.handle.kysely.selectFrom('stats_article_views').select('article_id').execute();
      assert.deepEqual(
        ids.map((r) => r.article_id),
        [articleId],
      );
    });

    test('one client cannot inflate the counts: over the per-minute limit it gets 429, others still count', async () => {
      const start = t.stats.snapshot().total;
      const statuses: number[] = [];
      for (let i = 0; i < RATE_LIMIT.max + 5; i++) statuses.push((await beacon(t, { ip: '192.0.2.99' })).statusCode);
      assert.equal(statuses.filter((s) => s === 200).length, RATE_LIMIT.max);
      assert.equal(statuses.filter((s) => s === 429).length, 5);
      assert.equal(t.stats.snapshot().total, start + RATE_LIMIT.max);
      assert.equal((await beacon(t, { ip: '192.0.2.100' })).statusCode, 200);
      clock += RATE_LIMIT.windowMs;
      assert.equal((await beacon(t, { ip: '192.0.2.99' })).statusCode, 200, 'a new minute, a new allowance');
    });

    test('nothing personal is stored: no address or user agent in any statistics table', async () => {
      await t.stats.flush();
      const db = t.database.handle.kysely;
      const rows = JSON.stringify([
        await db.selectFrom('stats_days').selectAll().execute(),
        await db.selectFrom('stats_article_views').selectAll().execute(),
        await db.selectFrom('stats_online').selectAll().execute(),
      ]);
      assert.doesNotMatch(rows, /203\.0\.113|192\.0\.2|198\.51|Mozilla|Chrome/);
    });

    test('the home page shows the statistics block, and the article page the place for its views', async () => {
      const home = await t.app.inject({ url: '/' });
      assert.match(home.body, /<h2 id="kb-stats" class="section-label">Thống kê truy cập<\/h2>/);
      for (const key of ['online', 'today', 'month', 'total'])
        assert.match(home.body, new RegExp(`data-thong-ke="${key}">[\\d.]+<`));
      assert.match(home.body, /<script src="\/assets\/stats\.[0-9a-f]{12}\.js" defer><\/script>/);
    });
  });

  describe(`visitor statistics, several instances and shutdown, on ${dialect}`, () => {
    test('two instances on one database add up, and closing an app writes what it had counted', async () => {
      const t = await createTestApp(dialect);
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' });
      const otherDb = createDb(t.database.url);
      const other = await buildApp({ config, db: otherDb });
      try {
        await Promise.all([t.app.ready(), other.app.ready()]);
        for (const ip of ['203.0.113.1', '203.0.113.2']) assert.equal((await beacon(t, { ip })).statusCode, 200);
        for (const ip of ['203.0.113.3', '203.0.113.4', '203.0.113.5'])
          assert.equal((await beacon(other, { ip })).statusCode, 200);
        await t.stats.flush();
        await other.stats.flush();
        await t.stats.flush();
        assert.deepEqual(t.stats.snapshot(), { online: 5, today: 5, month: 5, total: 5 });
        assert.deepEqual(other.stats.snapshot(), { online: 5, today: 5, month: 5, total: 5 });
        // Counted and not yet flushed: close writes it before the database goes.
        assert.equal((await beacon(other, { ip: '203.0.113.6' })).statusCode, 200);
        await other.app.close();
        await t.stats.flush();
        assert.equal(t.stats.snapshot().total, 6);
      } finally {
        await other.app.close();
        await otherDb.destroy();
        await t.close();
      }
    });
  });
}

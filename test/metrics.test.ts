import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { allowList } from '../src/web/metrics.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const TOKEN = 'a-long-enough-scrape-token';

/** The value of one series in Prometheus text, e.g. `toasoan_page_cache_hits_total{cache="pages"}`. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const dialect of backends()) {
  describe(`/metrics (${dialect})`, () => {
    let t: TestApp;
    let articleUrl: string;
    let articleId: number;

    before(async () => {
      t = await createTestApp(dialect, { env: { METRICS_TOKEN: TOKEN } });
      const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      const article = await makeArticle(t.site, { categoryId: news, title: 'Hội nghị tổng kết năm' });
      articleUrl = article.url;
      articleId = article.id;
      await t.app.ready();
    });
    after(() => t.close());

    const scrape = async () => {
      const res = await t.app.inject({ url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return res.body;
    };

    test('requests are counted by route pattern, never by the raw URL; unknown URLs share one label', async () => {
      await t.app.inject({ url: articleUrl });
      await t.app.inject({ url: `${articleUrl}?utm_source=x` });
      await t.app.inject({ url: '/wp-admin/includes/setup-config.php' });
      const text = await scrape();
      assert.ok(
        valueOf(
          text,
          'toasoan_http_request_duration_seconds_count{route="/:categorySlug/:file",method="GET",status="200"}',
        )! >= 1,
        text,
      );
      assert.ok(!text.includes(articleUrl), 'no raw URL in the labels');
      assert.ok(!text.includes('wp-admin'));
      assert.ok(
        valueOf(text, 'toasoan_http_request_duration_seconds_count{route="(unmatched)",method="GET",status="404"}')! >=
          1,
      );
      const series = 'route="/:categorySlug/:file",method="GET",status="200"';
      const buckets = text
        .split('\n')
        .filter((l) => l.startsWith('toasoan_http_request_duration_seconds_bucket{') && l.includes(series));
      assert.equal(buckets.length, 13, 'twelve bounds and +Inf');
      const counts = buckets.map((l) => Number(l.split(' ')[1]));
      assert.deepEqual(
        counts,
        [...counts].sort((x, y) => x - y),
        'cumulative',
      );
      assert.match(buckets.at(-1)!, /le="\+Inf"/);
      assert.equal(counts.at(-1), valueOf(text, `toasoan_http_request_duration_seconds_count{${series}}`));
      assert.ok(valueOf(text, `toasoan_http_request_duration_seconds_sum{${series}}`)! > 0);
      assert.equal(text.match(/^# TYPE toasoan_http_request_duration_seconds histogram$/gm)?.length, 1);
    });

    test('page cache hits and misses, database time, scheduler runs and event-loop lag', async () => {
      const before = await scrape();
      const hits = valueOf(before, 'toasoan_page_cache_hits_total{cache="pages"}') ?? 0;
      const misses = valueOf(before, 'toasoan_page_cache_misses_total{cache="pages"}') ?? 0;
      // A page is kept from its second render, so the third view is the hit.
      for (let view = 0; view < 3; view++) await t.app.inject({ url: '/tin-tuc?trang=1' });
      const text = await scrape();
      assert.equal(valueOf(text, 'toasoan_page_cache_misses_total{cache="pages"}'), misses + 2);
      assert.equal(valueOf(text, 'toasoan_page_cache_hits_total{cache="pages"}'), hits + 1);
      assert.ok(valueOf(text, `toasoan_db_queries_total{dialect="${dialect}"}`)! > 0);
      assert.ok(valueOf(text, `toasoan_db_query_seconds_total{dialect="${dialect}"}`)! > 0);
      if (dialect === 'postgres') assert.ok(valueOf(text, 'toasoan_db_pool_connections{state="total"}')! >= 1);
      assert.ok(valueOf(text, 'toasoan_scheduler_runs_total{result="ok"}')! >= 1, 'the run at start');
      assert.match(text, /^nodejs_eventloop_lag_p99_seconds /m);
    });

    test('comments waiting for moderation are counted on each scrape', async () => {
      const pending = () => scrape().then((text) => valueOf(text, 'toasoan_comments_pending'));
      const first = await pending();
      const now = new Date().toISOString();
      await sql`insert into comments (article_id, author_name, body, body_html, status, ip, content_hash, created_at, updated_at)
        values (${articleId}, 'Khách', 'Ý kiến chờ duyệt', '<p>Ý kiến chờ duyệt</p>', 'pending', '192.0.2.1', 'h1', ${now}, ${now})`.execute(
        t.database.handle.kysely,
      );
      assert.equal(await pending(), (first ?? 0) + 1);
    });

    test('other addresses get the 404 page, unless they bring the token; a forged X-Forwarded-For changes nothing', async () => {
      const outside = { remoteAddress: '203.0.113.9' };
      const refused = await t.app.inject({ url: '/metrics', ...outside });
      assert.equal(refused.statusCode, 404);
      assert.doesNotMatch(refused.body, /toasoan_/);
      const forged = await t.app.inject({ url: '/metrics', ...outside, headers: { 'x-forwarded-for': '127.0.0.1' } });
      assert.equal(forged.statusCode, 404);
      const wrong = await t.app.inject({ url: '/metrics', ...outside, headers: { authorization: `Bearer ${TOKEN}x` } });
      assert.equal(wrong.statusCode, 404);
      const withToken = await t.app.inject({
        url: '/metrics',
        ...outside,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(withToken.statusCode, 200);
      assert.match(withToken.body, /toasoan_http_request_duration_seconds/);
    });
  });
}

describe('/metrics behind a proxy and through the front lane', () => {
  let t: TestApp;
  let port: number;

  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: '127.0.0.1', METRICS_ALLOW: '10.0.0.0/8' } });
    await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t.close());

  const get = (path: string, headers: http.OutgoingHttpHeaders = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });

  test('METRICS_ALLOW judges the client the trusted proxy names, not the proxy itself', async () => {
    assert.equal((await get('/metrics')).status, 404, 'loopback is not in this list');
    assert.equal((await get('/metrics', { 'x-forwarded-for': '203.0.113.9' })).status, 404);
    assert.equal((await get('/metrics', { 'x-forwarded-for': '10.20.30.40' })).status, 200);
  });

  test('pages the front lane sends are counted there', async () => {
    const scrape = async () => (await get('/metrics', { 'x-forwarded-for': '10.0.0.1' })).body;
    const before = valueOf(await scrape(), 'toasoan_front_lane_responses_total{cache="pages"}') ?? 0;
    for (let view = 0; view < 4; view++) await get('/tin-tuc');
    assert.equal(valueOf(await scrape(), 'toasoan_front_lane_responses_total{cache="pages"}'), before + 2);
  });
});

test('METRICS_ALLOW matches addresses and CIDRs, IPv4 seen through IPv6 too', () => {
  const allowed = allowList(['127.0.0.0/8', '::1', '192.0.2.7', '2001:db8::/32']);
  for (const ip of ['127.0.0.1', '127.9.9.9', '::ffff:127.0.0.1', '::1', '192.0.2.7', '2001:db8::5'])
    assert.ok(allowed(ip), ip);
  for (const ip of ['192.0.2.8', '10.0.0.1', '::2', '2001:db9::1', '::ffff:10.0.0.1']) assert.ok(!allowed(ip), ip);
});

test('METRICS=0: no /metrics for anyone, even with the token, and pages still served', async () => {
  const t = await createTestApp('sqlite', { env: { METRICS: '0', METRICS_TOKEN: TOKEN } });
  try {
    const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    const article = await makeArticle(t.site, { categoryId: news, title: 'Trang không đo' });
    assert.equal((await t.app.inject(article.url)).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/metrics' })).statusCode, 404);
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /toasoan_/);
  } finally {
    await t.close();
  }
});

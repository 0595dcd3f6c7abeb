import assert from 'node:assert/strict';
import { withoutSiteScripts } from './support/client.js';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { importFile } from '../src/import/import-files.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const FIXTURE = new URL('../../shared/fixtures/seed-article.txt', import.meta.url);
const FIXTURE_TITLE = readFileSync(FIXTURE, 'utf8').split('\n')[0]!.trim();
const FIXTURE_URL = '/tin-tuc/dang-bo-so-khcn-tong-ket-10-nam-thuc-hien-nghi-quyet-so-22-nq-tw-';

function count(haystack: string, needle: RegExp): number {
  return (haystack.match(needle) ?? []).length;
}

for (const dialect of backends()) {
  describe(`public site on ${dialect}`, () => {
    let t: TestApp;
    let newsId: number;
    let childId: number;
    let fixtureUrl: string;

    before(async () => {
      t = await createTestApp(dialect);
      newsId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
      childId = await makeCategory(t.site, { slug: 'chuyen-doi-so', name: 'Chuyển đổi số', parentSlug: 'khoa-hoc' });
      const tree = await t.site.categories();
      const outcome = await importFile(t.site.deps, FIXTURE.pathname, tree.getBySlug('tin-tuc')!);
      assert.ok(outcome.ok);
      fixtureUrl = outcome.article.url;
    });
    after(() => t.close());

    test('the imported fixture is served at its canonical URL, as the original page shows it', async () => {
      assert.ok(fixtureUrl.startsWith(FIXTURE_URL), fixtureUrl);
      const res = await t.app.inject(fixtureUrl);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/);
      const body = res.body;
      assert.match(body, /<html lang="vi">/);
      assert.equal(count(body, /<h1[\s>]/g), 1, 'exactly one h1');
      assert.ok(body.includes(`<h1 class="article-title">${FIXTURE_TITLE.replace('&', '&amp;')}</h1>`));
      assert.match(body, /<time class="time" datetime="2018-05-23T04:16:00.000Z">11:16 23\/05\/2018<\/time>/);
      assert.match(body, /<p class="sapo">Chiều 22\/5, Đảng bộ Sở Khoa học và Công nghệ/);
      assert.match(body, /<p class="byline">.*PC<\/p>/);
      assert.match(body, /<h2 id="y-kien">Ý kiến bạn đọc<\/h2>/);
      assert.match(body, /<a class="login-link" href="\/dang-nhap">Đăng nhập<\/a>/);
      assert.match(
        body,
        /<a href="\/">Cổng thông tin thử nghiệm<\/a><\/li>\s*<li><a href="\/tin-tuc">Tin tức<\/a>/,
        'breadcrumb site › category',
      );
      assert.ok(!body.includes('ĐĂNG NHẬP  '), 'page chrome from the old site is not part of the article');
      assert.equal(count(body, /Ý kiến bạn đọc/g), 1);
    });

    test('a wrong or old slug, or a wrong category, answers 301 to the canonical URL', async () => {
      const id = fixtureUrl.match(/-(\d+)\.html$/)![1];
      for (const wrong of [
        `/tin-tuc/${id}.html`,
        `/tin-tuc/ten-cu-${id}.html`,
        `/khoa-hoc/dang-bo-so-khcn-${id}.html`,
      ]) {
        const res = await t.app.inject(wrong);
        assert.equal(res.statusCode, 301, wrong);
        assert.equal(res.headers.location, fixtureUrl);
      }
    });

    test('an unknown id answers a Vietnamese 404 page', async () => {
      for (const url of ['/tin-tuc/khong-co-999999.html', '/tin-tuc/khong-phai-bai-viet', '/khong-co-chuyen-muc']) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 404, url);
        assert.match(res.body, /Không tìm thấy trang/);
        assert.match(res.body, /<html lang="vi">/);
      }
    });

    test('drafts, unpublished and future articles are not public', async () => {
      const draft = await makeArticle(t.site, { categoryId: newsId, status: 'draft', title: 'Bản nháp bí mật' });
      const gone = await makeArticle(t.site, { categoryId: newsId, status: 'unpublished', title: 'Bài đã gỡ' });
      const future = await makeArticle(t.site, {
        categoryId: newsId,
        title: 'Bài hẹn giờ',
        publishedAt: new Date(Date.now() + 86400_000).toISOString(),
      });
      for (const a of [draft, gone, future]) assert.equal((await t.app.inject(a.url)).statusCode, 404, a.title);
      const home = await t.app.inject('/');
      for (const title of ['Bản nháp bí mật', 'Bài đã gỡ', 'Bài hẹn giờ']) assert.ok(!home.body.includes(title), title);
    });

    test('text from the database is escaped on every page', async () => {
      const evil = await makeArticle(t.site, {
        categoryId: childId,
        title: '<script>alert(1)</script> "tiêu đề" <img src=x onerror=alert(2)>',
        sapo: '<b onmouseover=alert(3)>sapo</b>',
        body: '<p>ok</p><script>alert(4)</script><p onclick="alert(5)" style="color:red">p</p><a href="javascript:alert(6)">x</a>',
        tags: ['<svg onload=alert(7)>'],
      });
      for (const url of [evil.url, '/', '/khoa-hoc', '/chuyen-doi-so']) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 200, url);
        // Escaped text may mention the payload; only a real tag or attribute would run it.
        assert.ok(!/<script>alert|<[a-z][^>"]*(?:"[^"]*"[^>"]*)*\son\w+=|href="javascript:|<svg/i.test(res.body), url);
      }
      const page = (await t.app.inject(evil.url)).body;
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt; &quot;tiêu đề&quot;'));
      assert.ok(page.includes('<p>ok</p>'), 'allowed markup stays');
    });

    test('category pages list newest first and paginate with ?trang=', async () => {
      const catId = await makeCategory(t.site, { slug: 'thong-bao', name: 'Thông báo' });
      const made = [];
      for (let i = 0; i < 45; i++) {
        made.push(
          await makeArticle(t.site, {
            categoryId: catId,
            title: `Thông báo số ${i + 1}`,
            publishedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
          }),
        );
      }
      const p1 = await t.app.inject('/thong-bao');
      assert.equal(p1.statusCode, 200);
      const titles = [...p1.body.matchAll(/<h2 class="teaser-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.equal(titles.length, 20);
      assert.equal(titles[0], 'Thông báo số 45');
      assert.equal(titles[19], 'Thông báo số 26');
      assert.match(p1.body, /href="\/thong-bao\?trang=3"/);

      const p3 = await t.app.inject('/thong-bao?trang=3');
      assert.equal(p3.statusCode, 200);
      const last = [...p3.body.matchAll(/<h2 class="teaser-title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
      assert.deepEqual(last, [
        'Thông báo số 5',
        'Thông báo số 4',
        'Thông báo số 3',
        'Thông báo số 2',
        'Thông báo số 1',
      ]);
      assert.match(p3.body, /<span aria-current="page">3<\/span>/);

      assert.equal((await t.app.inject('/thong-bao?trang=4')).statusCode, 404);
      for (const bad of ['abc', '0', '-1', '1.5', '9999999999']) {
        const res = await t.app.inject(`/thong-bao?trang=${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, /Số trang không hợp lệ/);
      }
    });

    test('a parent category lists its children’s articles; a child only its own', async () => {
      const a = await makeArticle(t.site, { categoryId: childId, title: 'Xã số hóa hồ sơ một cửa' });
      const parent = await t.app.inject('/khoa-hoc');
      assert.ok(parent.body.includes('Xã số hóa hồ sơ một cửa'));
      assert.match(parent.body, /href="\/chuyen-doi-so">Chuyển đổi số<\/a>/);
      const child = await t.app.inject('/chuyen-doi-so');
      assert.ok(child.body.includes('Xã số hóa hồ sơ một cửa'));
      assert.ok(a.url.startsWith('/chuyen-doi-so/xa-so-hoa-ho-so-mot-cua-'));
      const news = await t.app.inject('/tin-tuc');
      assert.ok(!news.body.includes('Xã số hóa hồ sơ một cửa'));
    });

    test('the home page shows a lead story, the latest stories and a block per category', async () => {
      const lead = await makeArticle(t.site, {
        categoryId: newsId,
        title: 'Tin mới nhất hôm nay',
        publishedAt: new Date(Date.now() - 60_000).toISOString(),
      });
      const res = await t.app.inject('/');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`<h3 class="lead-title"><a href="${lead.url}">Tin mới nhất hôm nay</a>`));
      assert.match(res.body, /<h2 id="tin-moi" class="section-label">Tin mới nhất<\/h2>/);
      assert.match(res.body, /<h2 id="cm-tin-tuc" class="section-label"><a href="\/tin-tuc">Tin tức<\/a>/);
      assert.match(res.body, /<h2 id="cm-khoa-hoc" class="section-label"><a href="\/khoa-hoc">Khoa học<\/a>/);
      assert.equal(count(res.body, /<h1[\s>]/g), 1);
    });

    test('a change shows on the next view although pages are cached', async () => {
      const before = await t.app.inject('/tin-tuc');
      assert.ok(!before.body.includes('Bài vừa đăng'));
      await makeArticle(t.site, {
        categoryId: newsId,
        title: 'Bài vừa đăng',
        publishedAt: new Date(Date.now() - 1000).toISOString(),
      });
      const afterRes = await t.app.inject('/tin-tuc');
      assert.ok(afterRes.body.includes('Bài vừa đăng'));
    });

    test('pages carry an ETag and answer 304 to a matching If-None-Match', async () => {
      const first = await t.app.inject('/');
      const etag = first.headers.etag as string;
      assert.match(etag, /^"[\w-]+"$/);
      const second = await t.app.inject({ url: '/', headers: { 'if-none-match': etag } });
      assert.equal(second.statusCode, 304);
      assert.equal(second.body, '');
    });

    test('pages are compressed for clients that accept it, and identical once decompressed', async () => {
      const plain = await t.app.inject('/');
      const br = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2);
      const gz = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'accept-encoding');
    });

    test('every page sends a strict Content Security Policy and safe headers', async () => {
      for (const url of ['/', fixtureUrl, '/tin-tuc', '/khong-co', '/dang-nhap']) {
        const res = await t.app.inject(url);
        const csp = res.headers['content-security-policy'] as string;
        assert.match(csp, /script-src 'self'/, url);
        assert.ok(!csp.includes('unsafe-inline'), url);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        // The statistics beacon and reader.js (text size, contrast) are our own files; JSON-LD blocks are data.
        const body = withoutSiteScripts(res.body);
        assert.doesNotMatch(body, /<script/i, `${url} needs no other script`);
        assert.ok(!/ style="/i.test(body), `${url} has no inline style`);
      }
    });

    test('the stylesheet has a content-hashed, immutable URL', async () => {
      const home = await t.app.inject('/');
      const href = home.body.match(/<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/)![1]!;
      const css = await t.app.inject(href);
      assert.equal(css.statusCode, 200);
      assert.match(css.headers['cache-control'] as string, /immutable/);
      assert.match(css.body, /@media print/);
      assert.equal((await t.app.inject('/assets/site.000000000000.css')).statusCode, 404);
    });

    test('static files are sent compressed to clients that accept it, and the same bytes come out', async () => {
      const home = await t.app.inject('/');
      const href = home.body.match(/<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)">/)![1]!;
      const plain = await t.app.inject(href);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.match(plain.headers.vary as string, /accept-encoding/);
      const br = await t.app.inject({ url: href, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, 'brotli at least halves the stylesheet');
      assert.deepEqual(brotliDecompressSync(br.rawPayload), plain.rawPayload);
      const gz = await t.app.inject({ url: href, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.deepEqual(gunzipSync(gz.rawPayload), plain.rawPayload);
    });

    test('/healthz answers 200 with the database reachable', async () => {
      const res = await t.app.inject('/healthz');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'ok');
    });
  });

  test(`/healthz answers 503 when the ${dialect} database is gone`, async () => {
    const t = await createTestApp(dialect);
    await t.database.handle.destroy();
    const res = await t.app.inject('/healthz');
    assert.equal(res.statusCode, 503);
    const page = await t.app.inject('/');
    assert.ok(page.statusCode >= 500, 'a page without its database fails cleanly');
    assert.ok(!page.body.includes('at '), 'no stack trace is shown');
    await t.close();
  });
}

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { searchUrl } from '../src/search/search.views.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// The front lane answers guests' repeat GETs before Fastify routes them. It
// is only worth having if nobody can tell: same status, headers and bytes as
// the router, and never a page the router would not give.

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, path: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers that legitimately differ between two responses a second apart. */
function comparable(headers: http.IncomingHttpHeaders) {
  const { date: _date, ...rest } = headers;
  return rest;
}

/** The anonymous CSRF token carries the second it was made. */
function withoutToken(body: Buffer): string {
  return body.toString().replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
}

describe('cache front lane', () => {
  let t: TestApp;
  let port: number;
  let articleUrl: string;
  let newsId: number;

  before(async () => {
    t = await createTestApp('sqlite');
    newsId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    articleUrl = (await makeArticle(t.site, { categoryId: newsId, title: 'Hội nghị tổng kết năm' })).url;
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t.close());

  // A page is kept from its second render; /tin-tuc?trang=1 is the page /tin-tuc, kept by then.
  for (const [path, headers, routerViews] of [
    ['/tin-tuc', {}, 2],
    ['/', { 'accept-encoding': 'br' }, 2],
    ['/tin-tuc?trang=1', { 'accept-encoding': 'gzip' }, 1],
  ] as const) {
    test(`a repeat view of ${path} (${headers['accept-encoding'] ?? 'plain'}) gets the router's status, headers and bytes`, async () => {
      const before = t.caches.pages.frontHits;
      let viaRouter = await get(port, path, headers);
      for (let view = 1; view < routerViews; view++) viaRouter = await get(port, path, headers);
      assert.equal(t.caches.pages.frontHits, before, `the first ${routerViews} view(s) went through the router`);
      const viaFront = await get(port, path, headers);
      assert.equal(t.caches.pages.frontHits, before + 1, 'the next came from the front lane');
      assert.equal(viaFront.status, 200);
      assert.deepEqual(comparable(viaFront.headers), comparable(viaRouter.headers));
      assert.ok(viaFront.body.equals(viaRouter.body));
      assert.equal(Number(viaFront.headers['content-length']), viaFront.body.length);
      assert.match(String(viaFront.headers['content-security-policy']), /script-src 'self'/);
    });
  }

  test('an article page with the comment form: same bytes but for the token of the second', async () => {
    await get(port, articleUrl);
    const viaRouter = await get(port, articleUrl);
    const hits = t.caches.pages.frontHits;
    const viaFront = await get(port, articleUrl);
    assert.equal(t.caches.pages.frontHits, hits + 1);
    assert.deepEqual(comparable(viaFront.headers), comparable(viaRouter.headers));
    assert.equal(viaFront.headers['cache-control'], 'private, no-cache');
    assert.match(viaFront.body.toString(), /name="_csrf" value="[\w.-]+"/);
    assert.equal(withoutToken(viaFront.body), withoutToken(viaRouter.body));
    assert.equal(Number(viaFront.headers['content-length']), viaFront.body.length, 'sent as parts, measured whole');
  });

  test('the article page is compressed for browsers that take it, by the router and the front lane alike', async () => {
    const plain = await get(port, articleUrl);
    for (const [encoding, decompress] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const viaRouter = await get(port, `${articleUrl}?y-kien=1`, { 'accept-encoding': encoding });
      const hits = t.caches.pages.frontHits;
      const viaFront = await get(port, articleUrl, { 'accept-encoding': `${encoding}, identity` });
      assert.equal(t.caches.pages.frontHits, hits + 1, `${encoding}: from the front lane`);
      for (const res of [viaRouter, viaFront]) {
        assert.equal(res.headers['content-encoding'], encoding);
        assert.match(String(res.headers.vary), /accept-encoding/);
        assert.equal(res.headers['cache-control'], 'private, no-cache');
        assert.ok(
          res.body.length < plain.body.length / 2,
          `${encoding}: ${res.body.length} bytes against ${plain.body.length}`,
        );
        assert.equal(withoutToken(decompress(res.body)), withoutToken(plain.body));
      }
    }
  });

  test('a repeat of a canonical search URL comes from the search pages’ cache through the front lane', async () => {
    const path = searchUrl({ q: 'hội nghị', categorySlug: '', from: '', to: '', sort: 'lien-quan' }, 1);
    const before = t.caches.search.pages.frontHits;
    await get(port, path);
    const viaRouter = await get(port, path);
    assert.equal(viaRouter.status, 200);
    assert.match(viaRouter.body.toString(), /tổng kết năm/, 'the article is found');
    const viaFront = await get(port, path);
    assert.equal(t.caches.search.pages.frontHits, before + 1);
    assert.deepEqual(comparable(viaFront.headers), comparable(viaRouter.headers));
    assert.equal(withoutToken(viaFront.body), withoutToken(viaRouter.body));
  });

  test('a search as a browser submits the form (with + for spaces and empty fields) is answered by the front lane on repeat; unknown parameters are not', async () => {
    const submitted = '/tim-kiem?q=h%E1%BB%99i+ngh%E1%BB%8B&chuyen-muc=&tu=&den=&sap-xep=lien-quan';
    const canonical = searchUrl({ q: 'hội nghị', categorySlug: '', from: '', to: '', sort: 'lien-quan' }, 1);
    assert.notEqual(submitted, canonical);
    const first = await get(port, submitted);
    assert.equal(first.status, 200);
    const hits = t.caches.search.pages.frontHits;
    const again = await get(port, submitted);
    assert.equal(t.caches.search.pages.frontHits, hits + 1, 'the repeat came from the front lane');
    assert.equal(withoutToken(again.body), withoutToken(first.body));
    for (let i = 0; i < 2; i++) assert.equal((await get(port, `${submitted}&utm_source=tin-nhan`)).status, 200);
    assert.equal(
      t.caches.search.pages.frontHits,
      hits + 1,
      'a URL with a parameter the page does not read stays with the router',
    );
  });

  test('a matching If-None-Match gets 304 from the front lane too', async () => {
    const first = await get(port, '/');
    await get(port, '/');
    const hits = t.caches.pages.frontHits;
    const res = await get(port, '/', { 'if-none-match': String(first.headers.etag) });
    assert.equal(t.caches.pages.frontHits, hits + 1);
    assert.equal(res.status, 304);
    assert.equal(res.body.length, 0);
  });

  test('requests with a cookie, HEAD requests and junk query strings go to the router', async () => {
    await get(port, '/');
    const hits = t.caches.pages.frontHits;
    const withCookie = await get(port, '/', { cookie: 'ts_session=abc' });
    assert.equal(withCookie.status, 200);
    const head = await get(port, '/', {}, 'HEAD');
    assert.equal(head.status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await get(port, '/?utm_source=x')).status, 200);
    assert.equal(t.caches.pages.frontHits, hits, 'none of these came from the front lane');
  });

  test('a published change shows on the next view, not a stale page from the front lane', async () => {
    await get(port, '/tin-tuc');
    assert.ok((await get(port, '/tin-tuc')).body.toString().includes('Hội nghị tổng kết năm'));
    await makeArticle(t.site, {
      categoryId: newsId,
      title: 'Thông báo tuyển dụng mới',
      publishedAt: new Date(Date.now() - 1000).toISOString(),
    });
    const next = await get(port, '/tin-tuc');
    assert.ok(next.body.toString().includes('Thông báo tuyển dụng mới'));
  });

  test('a page that is not found is never answered by the front lane', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await get(port, '/khong-co-muc-nay')).status, 404);
    const hits = t.caches.pages.frontHits;
    assert.equal((await get(port, '/khong-co-muc-nay')).status, 404);
    assert.equal(t.caches.pages.frontHits, hits);
  });
});

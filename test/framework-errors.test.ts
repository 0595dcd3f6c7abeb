import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { messages as m } from '../src/messages/vi.js';
import { backends } from './support/databases.js';
import { csrfFrom, ORIGIN } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The site's own error page: HTML in the layout, Vietnamese, with the site's headers; never Fastify's JSON. */
function assertSitePage(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  title: string,
  message: string,
) {
  assert.equal(res.statusCode, status, res.body.slice(0, 300));
  assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/);
  assert.match(res.body, /^<!doctype html><html lang="vi">/);
  assert.ok(res.body.includes(`<h1 class="page-title">${title}</h1>`), `title ${title}`);
  assert.ok(res.body.includes(message), `message ${message}`);
  assert.ok(!/FST_ERR|statusCode/.test(res.body), 'no framework error text');
  assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
  assert.equal(res.headers['cache-control'], 'no-store');
}

function assertJsonError(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  message: string,
) {
  assert.equal(res.statusCode, status, res.body.slice(0, 300));
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(res.body), { error: { status, message } });
}

/** A GET with the path sent exactly as given: fetch() would not be trusted to leave bad escapes alone. */
function rawGet(
  port: number,
  path: string,
): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

const form = (payload: string | Buffer, contentType: string): InjectOptions => ({
  method: 'POST',
  url: '/dang-nhap',
  payload,
  headers: { 'content-type': contentType, origin: ORIGIN },
});

for (const dialect of backends()) {
  describe(`framework errors go through the site's error pages (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    const servers: TestApp[] = [];
    after(async () => {
      await t.close();
      for (const s of servers) await s.close();
    });

    for (const url of ['/%C3%28', '/%FF', '/tin-tuc/%E0%A4%A', '/tim-kiem/%C0%AF']) {
      test(`a path that is not UTF-8 (${url}) gets the Vietnamese 400 page`, async () => {
        assertSitePage(await t.app.inject(url), 400, m.requestErrors.badUrlTitle, m.requestErrors.badUrl);
      });
    }

    test('through a listening server too, where the cache lane sees requests first', async () => {
      const listening = await createTestApp(dialect);
      servers.push(listening);
      await listening.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = listening.app.server.address() as { port: number };
      for (const path of ['/%FF', '/%C3%28', '/tin-tuc/%E0%A4%A']) {
        const res = await rawGet(port, path);
        assert.equal(res.statusCode, 400, path);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.ok(res.body.includes(m.requestErrors.badUrl), path);
      }
    });

    test('under /api/ the same address error is JSON in the site shape', async () => {
      assertJsonError(await t.app.inject('/api/v1/%FF'), 400, m.requestErrors.badUrl);
    });

    test('a path parameter over the length limit gets the site page with 414', async () => {
      const res = await t.app.inject(`/dat-lai-mat-khau/${'a'.repeat(400)}`);
      assertSitePage(res, 414, m.requestErrors.urlTooLongTitle, m.requestErrors.urlTooLong);
    });

    test('a body over the limit gets the site page with 413', async () => {
      const res = await t.app.inject(
        form(`email=${'a'.repeat(1024 * 1024 + 10)}`, 'application/x-www-form-urlencoded'),
      );
      assertSitePage(res, 413, m.requestErrors.tooLargeTitle, m.requestErrors.tooLarge);
    });

    test('a content type no route reads gets the site page with 415', async () => {
      assertSitePage(
        await t.app.inject(form('<a/>', 'text/xml')),
        415,
        m.requestErrors.unsupportedTypeTitle,
        m.requestErrors.unsupportedType,
      );
    });

    test('malformed JSON gets the site page with 400', async () => {
      assertSitePage(
        await t.app.inject(form('{"email":', 'application/json')),
        400,
        m.errors.badRequestTitle,
        m.requestErrors.malformedBody,
      );
    });

    test('an unknown page gets the 404 page, and JSON under /api/', async () => {
      assertSitePage(await t.app.inject('/khong/co/trang/nay'), 404, m.errors.notFoundTitle, m.errors.notFound);
      assertJsonError(await t.app.inject('/api/v1/khong-co'), 404, m.errors.notFound);
    });

    test('a method the address does not take gets 405 with Allow, as a page or as JSON; unknown addresses stay 404', async () => {
      const login = await t.app.inject('/dang-nhap');
      const guest = {
        origin: ORIGIN,
        cookie: String(login.headers['set-cookie']).split(';')[0]!,
        'x-csrf-token': csrfFrom(login.body),
      };
      const put = await t.app.inject({ method: 'PUT', url: '/tim-kiem?q=a', headers: guest });
      assertSitePage(put, 405, m.requestErrors.methodNotAllowedTitle, m.requestErrors.methodNotAllowed);
      assert.equal(put.headers.allow, 'GET, HEAD');
      const options = await t.app.inject({ method: 'OPTIONS', url: '/' });
      assertSitePage(options, 405, m.requestErrors.methodNotAllowedTitle, m.requestErrors.methodNotAllowed);
      assert.equal(options.headers.allow, 'GET, HEAD');
      const action = await t.app.inject('/quan-tri/bai-viet/1/gui');
      assertSitePage(action, 405, m.requestErrors.methodNotAllowedTitle, m.requestErrors.methodNotAllowed);
      assert.equal(action.headers.allow, 'POST');
      const api = await t.app.inject({ method: 'POST', url: '/api/v1/search', headers: guest });
      assertJsonError(api, 405, m.requestErrors.methodNotAllowed);
      assert.equal(api.headers.allow, 'GET, HEAD');
      // Without a valid token the CSRF check answers first, still with the site's page.
      assertSitePage(
        await t.app.inject({ method: 'DELETE', url: '/', headers: { origin: ORIGIN } }),
        403,
        m.auth.forbiddenTitle,
        '',
      );
      assertSitePage(
        await t.app.inject({ method: 'OPTIONS', url: '/khong/co/trang/nay' }),
        404,
        m.errors.notFoundTitle,
        m.errors.notFound,
      );
    });
  });
}

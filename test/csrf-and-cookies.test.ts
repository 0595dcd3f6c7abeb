import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { Client, csrfFrom } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Anonymous counters that need no token (a cached page has none), only our Origin (route config csrf: 'origin-only'). */
const ORIGIN_ONLY = new Set(['POST /thong-ke/ghi']);

/** A concrete URL for a route pattern: every :param becomes 1. */
function concrete(url: string): string {
  return url.replace(/:[^/]+/g, '1');
}

describe('every state-changing route refuses cross-site requests', () => {
  let t: TestApp;
  let admin: Client;
  let guest: Client;
  let adminToken: string;
  let guestToken: string;

  before(async () => {
    t = await createTestApp('sqlite');
    await makeUser(t, { email: 'admin@example.vn', role: 'admin' });
    admin = new Client(t.app);
    await admin.logIn('admin@example.vn', STAFF_PASSWORD);
    adminToken = csrfFrom((await admin.get('/tai-khoan')).body);
    guest = new Client(t.app);
    guestToken = csrfFrom((await guest.get('/dang-nhap')).body);
  });
  after(() => t.close());

  test('the route table is read from Fastify and has the routes we know of', () => {
    const unsafe = t.routes.filter((r) => UNSAFE.has(r.method)).map((r) => `${r.method} ${r.url}`);
    for (const known of [
      'POST /dang-nhap',
      'POST /dang-xuat',
      'POST /y-kien',
      'POST /quan-tri/y-kien',
      'POST /tai-khoan/xoa',
      'POST /tai-khoan/email/gui-lai-xac-nhan',
    ]) {
      assert.ok(unsafe.includes(known), known);
    }
    assert.ok(unsafe.length >= 20, `${unsafe.length} routes`);
  });

  // Built from the live route list: a route added later is checked without touching this file.
  test('without a token, with a foreign token, or from a foreign origin: 403 on every unsafe route', async () => {
    const unsafe = t.routes.filter((r) => UNSAFE.has(r.method));
    for (const route of unsafe) {
      const url = concrete(route.url);
      const label = `${route.method} ${route.url}`;
      const cases: [Client, Record<string, string>, Record<string, string>, string][] = [
        [admin, {}, {}, 'signed in, no token'],
        [admin, { _csrf: guestToken }, {}, 'signed in, a guest’s token'],
        [admin, { _csrf: adminToken }, { origin: 'https://evil.example' }, 'signed in, foreign origin'],
        [admin, { _csrf: adminToken }, { origin: 'null' }, 'signed in, opaque origin'],
        [guest, {}, {}, 'guest, no token'],
        [guest, { _csrf: adminToken }, {}, 'guest, someone else’s token'],
        [guest, { _csrf: guestToken }, { origin: 'http://localhost:80.evil.example' }, 'guest, look-alike origin'],
      ];
      for (const [client, fields, headers, why] of cases) {
        if (ORIGIN_ONLY.has(label) && !headers.origin) continue;
        const res = await client.post(url, { body: 'Nội dung thử nghiệm', articleId: '1', ...fields }, headers);
        assert.equal(res.statusCode, 403, `${label}: ${why}`);
      }
      const referer = await t.app.inject({
        method: route.method as 'POST',
        url,
        headers: {
          referer: 'https://evil.example/page',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        payload: `_csrf=${encodeURIComponent(adminToken)}`,
      });
      assert.equal(referer.statusCode, 403, `${label}: foreign Referer, no Origin`);
    }
    // The admin was never signed out or changed by any of this.
    assert.equal((await admin.get('/tai-khoan')).statusCode, 200);
  });

  test('JSON clients send the token in a header', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/y-kien/999999/bao-cao',
      headers: {
        accept: 'application/json',
        origin: 'http://localhost:80',
        'x-csrf-token': adminToken,
        cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/json',
      },
      payload: JSON.stringify({}),
    });
    assert.equal(res.statusCode, 404, 'past the CSRF check, to the handler');
    assert.match(res.json().error.message, /Không tìm thấy ý kiến/);
  });
});

/** Moves by hand, so a comment form can be "minutes old" without waiting. */
function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

describe('cookies always carry their flags', () => {
  let t: TestApp;
  let articleUrl: string;
  let articleId: number;
  const clock = testClock();
  before(async () => {
    t = await createTestApp('sqlite', { now: clock.now });
    const cat = await makeCategory(t.site, { slug: 'tin-tuc' });
    ({ url: articleUrl, id: articleId } = await makeArticle(t.site, { categoryId: cat }));
    await makeUser(t, { email: 'flags@example.vn', role: 'editor' });
  });
  after(() => t.close());

  test('every Set-Cookie on every GET page and on login is HttpOnly, SameSite=Lax, Path=/', async () => {
    const lines: string[] = [];
    const collect = (h: string | string[] | number | undefined) =>
      lines.push(...([] as string[]).concat((h as string | string[] | undefined) ?? []));
    const gets = t.routes.filter((r) => r.method === 'GET').map((r) => concrete(r.url));
    const c = new Client(t.app);
    for (const url of [...gets, articleUrl]) collect((await new Client(t.app).get(url)).headers['set-cookie']);
    collect((await c.logIn('flags@example.vn', STAFF_PASSWORD)).headers['set-cookie']);
    for (const url of [...gets, articleUrl]) collect((await c.get(url)).headers['set-cookie']);
    collect((await c.submit('/tai-khoan', '/dang-xuat', {})).headers['set-cookie']);
    const guest = new Client(t.app);
    const page = await guest.get(articleUrl);
    clock.advance(5000);
    const fields = {
      articleId: String(articleId),
      name: 'Khách',
      email: 'khach@example.vn',
      body: 'Ý kiến để xem cookie.',
      _csrf: csrfFrom(page.body),
    };
    collect((await guest.post('/y-kien', fields)).headers['set-cookie']);
    collect((await guest.get(articleUrl)).headers['set-cookie']);
    assert.ok(
      lines.some((l) => l.startsWith('ts_session=')),
      'the session cookie was seen',
    );
    assert.ok(
      lines.some((l) => l.startsWith('ts_csrf=')),
      'the guest cookie was seen',
    );
    assert.ok(
      lines.some((l) => /^ts_yk=/.test(l)),
      'the guest’s comment cookie was seen',
    );
    for (const line of lines)
      assert.match(line, /^[\w-]+=[^;]*; Path=\/; HttpOnly; SameSite=Lax(; Max-Age=\d+)?$/, line);
  });
});

test('with an https SITE_URL a guest’s comment cookie is __Host- prefixed and Secure, and is read back', async () => {
  const clock = testClock();
  const t = await createTestApp('sqlite', { now: clock.now, env: { SITE_URL: 'https://tin.example.vn' } });
  try {
    const cat = await makeCategory(t.site, { slug: 'tin-tuc' });
    const article = await makeArticle(t.site, { categoryId: cat });
    const guest = new Client(t.app, { origin: 'https://tin.example.vn' });
    const page = await guest.get(article.url);
    clock.advance(5000);
    const res = await guest.post('/y-kien', {
      articleId: String(article.id),
      name: 'Khách',
      email: 'khach@example.vn',
      body: 'Ý kiến qua https.',
      _csrf: csrfFrom(page.body),
    });
    assert.equal(res.statusCode, 303);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string).find((l) => l.includes('ts_yk='));
    assert.match(
      cookie!,
      /^__Host-ts_yk=\d+\.[\w-]{43}![\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=600$/,
    );
    const own = await guest.get(article.url);
    assert.match(own.body, /Ý kiến qua https\./, 'the prefixed cookie proves the author');
    assert.equal(own.headers['cache-control'], 'private, no-store');
  } finally {
    await t.close();
  }
});

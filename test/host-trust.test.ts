import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { runCli } from './support/cli.js';
import { Client, csrfFrom } from './support/client.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { startSmtp, type TestSmtp } from './support/smtp.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// Links in mail, feeds and page heads come from the configured origin. Before
// the server listens and without SITE_URL that is http://localhost, the Host
// app.inject sends; an attacker's Host must never show up in any of them.
const EVIL = 'evil.example';
const OURS = 'http://localhost';

/** Every absolute URL in a text, so a test can say they all point at us. */
function absoluteUrls(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"<>]+/g)].map((m) => m[0]);
}

function assertAllOurs(text: string, what: string) {
  assert.ok(!text.toLowerCase().includes(EVIL), `${what} mentions the forged host:\n${text}`);
  const urls = absoluteUrls(text).filter(
    (u) => !u.startsWith('http://www.sitemaps.org') && !u.startsWith('http://www.w3.org'),
  );
  assert.ok(urls.length > 0, `${what} has absolute links`);
  for (const url of urls) assert.ok(url.startsWith(`${OURS}/`), `${what}: ${url}`);
}

for (const dialect of backends()) {
  describe(`a forged Host header on ${dialect}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    let articleUrl: string;
    let n = 0;
    /** A client whose every request says Host: evil.example but comes from our page (Origin: ours), as a direct attacker's would. */
    const forged = () => new Client(t.app, { host: EVIL }, `198.51.100.${++n}`);

    before(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url, PAGE_CACHE_SECONDS: '600' } });
      const cat = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      articleUrl = (await makeArticle(t.site, { categoryId: cat, title: 'Hội nghị tổng kết năm' })).url;
      await makeUser(t, { email: 'quantri@example.vn', role: 'admin', name: 'Quản trị' });
      await makeUser(t, { email: 'bandoc@example.vn', role: 'reader', name: 'Bạn đọc' });
    });
    after(async () => {
      await smtp?.close();
      await t?.close();
    });

    test('the password-reset mail links to the site, not to the forged host', async () => {
      const res = await forged().submit('/quen-mat-khau', '/quen-mat-khau', { email: 'bandoc@example.vn' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/dang-nhap', 'a path: no host in it to forge');
      const mail = await smtp.waitFor('bandoc@example.vn');
      assert.match(mail.text, /http:\/\/localhost\/dat-lai-mat-khau\/[\w-]+/);
      assertAllOurs(mail.text.slice(mail.text.indexOf('\n\n')), 'reset mail');
    });

    test('the verification mail of a new account links to the site', async () => {
      const res = await forged().submit('/dang-ky', '/dang-ky', {
        email: 'moi@example.vn',
        displayName: 'Người mới',
        password: 'mật khẩu của bạn đọc',
      });
      assert.equal(res.statusCode, 303);
      const mail = await smtp.waitFor('moi@example.vn');
      assert.match(mail.text, /http:\/\/localhost\/xac-nhan-email\/[\w-]+/);
      assertAllOurs(mail.text.slice(mail.text.indexOf('\n\n')), 'verification mail');
    });

    test('the "already registered" mail links to the site', async () => {
      const res = await forged().submit('/dang-ky', '/dang-ky', {
        email: 'bandoc@example.vn',
        displayName: 'Ai đó',
        password: 'mật khẩu của bạn đọc',
      });
      assert.equal(res.statusCode, 303);
      const mail = await smtp.waitFor('bandoc@example.vn', 2);
      assert.match(mail.text, /http:\/\/localhost\/quen-mat-khau/);
      assertAllOurs(mail.text.slice(mail.text.indexOf('\n\n')), 'already-registered mail');
    });

    test('the invitation mail links to the site', async () => {
      const admin = forged();
      await admin.logIn('quantri@example.vn', STAFF_PASSWORD);
      const res = await admin.submit('/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung', {
        email: 'phongvien@example.vn',
        displayName: 'Phóng viên',
        role: 'author',
      });
      assert.equal(res.statusCode, 303);
      const mail = await smtp.waitFor('phongvien@example.vn');
      assert.match(mail.text, /http:\/\/localhost\/dat-lai-mat-khau\/[\w-]+/);
      assertAllOurs(mail.text.slice(mail.text.indexOf('\n\n')), 'invitation mail');
    });

    test('the CSRF check compares against the site, so an Origin matching the forged host is refused', async () => {
      const c = new Client(t.app, { host: EVIL, origin: `http://${EVIL}` }, '198.51.100.200');
      const res = await c.submit('/quen-mat-khau', '/quen-mat-khau', { email: 'bandoc@example.vn' });
      assert.equal(res.statusCode, 403);
    });

    for (const path of [
      '/rss.xml',
      '/tin-tuc/rss.xml',
      '/sitemap.xml',
      '/sitemap/trang.xml',
      '/sitemap/bai-viet-1.xml',
      '/robots.txt',
    ]) {
      test(`${path} names the site whatever the Host, first request and cached`, async () => {
        for (let i = 0; i < 2; i++) {
          const res = await t.app.inject({ url: path, headers: { host: EVIL } });
          assert.equal(res.statusCode, 200);
          assertAllOurs(res.body, path);
        }
      });
    }

    test('an article’s canonical link and og:url name the site whatever the Host', async () => {
      const res = await t.app.inject({ url: articleUrl, headers: { host: EVIL } });
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes(`<link rel="canonical" href="${OURS}${articleUrl}">`));
      assert.ok(res.body.includes(`<meta property="og:url" content="${OURS}${articleUrl}">`));
      assert.ok(!res.body.includes(EVIL));
    });
  });
}

function rawGet(
  port: number,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('without SITE_URL a listening server names the address it is bound to', () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await createTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t?.close());

  test('robots.txt points at the real port (PORT=0), not at the Host', async () => {
    const res = await rawGet(port, '/robots.txt', { host: `${EVIL}:${port}` });
    assert.equal(res.status, 200);
    assert.match(res.body, new RegExp(`Sitemap: http://127\\.0\\.0\\.1:${port}/sitemap\\.xml`));
  });
});

/** A real production configuration (SITE_URL required, argon2 at its floor); only the database is a test one. */
async function productionApp(env: Record<string, string>): Promise<App & { close(): Promise<void> }> {
  const database: TestDatabase = await createTestDatabase('sqlite');
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...env });
  const built = await buildApp({ config, db: database.handle });
  return {
    ...built,
    async close() {
      await built.app.close();
      await database.drop();
    },
  };
}

describe('production answers only to its own host names', () => {
  let p: Awaited<ReturnType<typeof productionApp>>;
  let port: number;
  let articleUrl: string;
  before(async () => {
    p = await productionApp({ SITE_URL: 'https://tin.example.vn', ALLOWED_HOSTS: 'www.tin.example.vn' });
    const cat = await makeCategory(p.site, { slug: 'tin-tuc', name: 'Tin tức' });
    articleUrl = (await makeArticle(p.site, { categoryId: cat, title: 'Bài trong sản xuất' })).url;
    await p.app.listen({ host: '127.0.0.1', port: 0 });
    port = (p.app.server.address() as AddressInfo).port;
  });
  after(() => p?.close());

  test('a foreign Host gets a short Vietnamese 400, on pages and on form posts', async () => {
    for (const req of [
      { url: '/', headers: { host: EVIL } },
      { url: articleUrl, headers: { host: `${EVIL}:443` } },
      {
        url: '/quen-mat-khau',
        method: 'POST' as const,
        headers: { host: EVIL, origin: 'https://tin.example.vn' },
        payload: 'email=a@example.vn',
      },
    ]) {
      const res = await p.app.inject(req);
      assert.equal(res.statusCode, 400, req.url);
      assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /Tên miền trong yêu cầu không thuộc trang này/);
      assert.ok(res.body.length < 1000, 'short');
      assert.equal(res.headers['set-cookie'], undefined);
    }
  });

  test('SITE_URL’s host and ALLOWED_HOSTS are served, in any case and with a port', async () => {
    for (const host of ['tin.example.vn', 'TIN.Example.VN:443', 'www.tin.example.vn']) {
      const res = await p.app.inject({ url: '/', headers: { host } });
      assert.equal(res.statusCode, 200, host);
    }
  });

  test('health and metrics probes answer whatever the Host', async () => {
    const health = await p.app.inject({ url: '/healthz', headers: { host: '10.1.2.3:3000' } });
    assert.equal(health.statusCode, 200);
    for (const url of ['/readyz', '/metrics']) {
      const res = await p.app.inject({ url, headers: { host: '10.1.2.3:3000' } });
      assert.notEqual(res.statusCode, 400, url);
    }
  });

  test('the front-lane cache never answers a foreign Host, even for a page it holds', async () => {
    for (let view = 0; view < 2; view++) {
      const first = await rawGet(port, articleUrl, { host: 'tin.example.vn' });
      assert.equal(first.status, 200);
    }
    const hitsBefore = p.caches.pages.frontHits;
    const again = await rawGet(port, articleUrl, { host: 'tin.example.vn' });
    assert.equal(again.status, 200);
    assert.equal(p.caches.pages.frontHits, hitsBefore + 1, 'the page is in the front lane');
    assert.equal(again.headers['strict-transport-security'], 'max-age=31536000', 'HSTS from the front lane too');
    const foreign = await rawGet(port, articleUrl, { host: EVIL });
    assert.equal(foreign.status, 400);
    assert.equal(p.caches.pages.frontHits, hitsBefore + 1);
  });

  test('an https SITE_URL sends HSTS, and every page a Permissions-Policy', async () => {
    const res = await p.app.inject({ url: '/', headers: { host: 'tin.example.vn' } });
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
    assert.match(res.headers['permissions-policy'] as string, /(^|, )camera=\(\)/);
    assert.match(res.headers['permissions-policy'] as string, /geolocation=\(\), payment=\(\)/);
  });
});

test('`toasoan serve` in production without SITE_URL stops with one line that names it', async () => {
  const res = await runCli(['serve'], {
    NODE_ENV: 'production',
    DATABASE_URL: 'sqlite:/nonexistent/never-opened.db',
    PORT: '0',
  });
  assert.equal(res.code, 2, 'the exit code of every bad setting');
  assert.equal(res.stdout, '');
  assert.match(res.stderr, /^toasoan: Missing SITE_URL: required with NODE_ENV=production[^\n]*\n$/);
});

/** The address a failed sign-in was recorded from: what throttles and logs take as the client. */
async function failedLoginIp(t: TestApp, remoteAddress: string, headers: Record<string, string>): Promise<string> {
  const c = new Client(t.app, headers, remoteAddress);
  const res = await c.submit('/dang-nhap', '/dang-nhap', { email: 'bandoc@example.vn', password: 'sai mật khẩu' });
  assert.equal(res.statusCode, 401);
  const row = await t.database.handle.kysely
    .selectFrom('auth_events')
    .select('ip')
    .where('event', '=', 'login_failed')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return row.ip;
}

describe('TRUST_PROXY: only a trusted proxy sets the client address and https', () => {
  let t: TestApp;
  const PROXY = '10.0.0.1';
  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: PROXY } });
    await makeUser(t, { email: 'bandoc@example.vn', role: 'reader' });
  });
  after(() => t?.close());

  test('X-Forwarded-For from the trusted proxy names the client; from anyone else it changes nothing', async () => {
    assert.equal(await failedLoginIp(t, PROXY, { 'x-forwarded-for': '198.51.100.7' }), '198.51.100.7');
    assert.equal(await failedLoginIp(t, '203.0.113.9', { 'x-forwarded-for': '198.51.100.7' }), '203.0.113.9');
    // A client cannot hide behind the proxy by prepending its own entry: only the hop the proxy added counts.
    assert.equal(await failedLoginIp(t, PROXY, { 'x-forwarded-for': '192.0.2.1, 198.51.100.8' }), '198.51.100.8');
  });

  test('X-Forwarded-Proto: https from the trusted proxy makes cookies Secure and __Host-, and sends HSTS', async () => {
    const res = await t.app.inject({
      url: '/dang-nhap',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.match(String(res.headers['set-cookie']), /^__Host-ts_csrf=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
  });

  test('X-Forwarded-Proto from anyone else is ignored', async () => {
    const res = await t.app.inject({
      url: '/dang-nhap',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.match(String(res.headers['set-cookie']), /^ts_csrf=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal(res.headers['strict-transport-security'], undefined);
  });

  test('a session made over the proxy’s https is read back over it', async () => {
    const c = new Client(t.app, { 'x-forwarded-proto': 'https' }, PROXY);
    await makeUser(t, { email: 'https@example.vn', role: 'reader', password: 'mật khẩu đủ dài của tôi' });
    await c.logIn('https@example.vn', 'mật khẩu đủ dài của tôi');
    assert.ok(c.cookies.has('__Host-ts_session'));
    const account = await c.get('/tai-khoan');
    assert.equal(account.statusCode, 200);
    assert.ok(csrfFrom(account.body));
  });
});

describe('without TRUST_PROXY forwarded headers count for nothing', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite');
  });
  after(() => t?.close());

  test('X-Forwarded-Proto from loopback does not make cookies Secure or send HSTS', async () => {
    const res = await t.app.inject({
      url: '/dang-nhap',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.match(String(res.headers['set-cookie']), /^ts_csrf=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    assert.equal(res.headers['strict-transport-security'], undefined);
  });
});

describe('TRUST_PROXY as a hop count or true, for proxies that are the only way in', () => {
  for (const [value, expected] of [
    ['1', '198.51.100.8'],
    ['2', '192.0.2.1'],
    ['true', '192.0.2.1'],
  ] as const) {
    test(`TRUST_PROXY=${value}: X-Forwarded-For "192.0.2.1, 198.51.100.8" names ${expected}, and X-Forwarded-Proto counts`, async () => {
      const t = await createTestApp('sqlite', { env: { TRUST_PROXY: value } });
      try {
        await makeUser(t, { email: 'bandoc@example.vn', role: 'reader' });
        const headers = { 'x-forwarded-for': '192.0.2.1, 198.51.100.8', 'x-forwarded-proto': 'https' };
        assert.equal(await failedLoginIp(t, '203.0.113.9', headers), expected);
        const res = await t.app.inject({ url: '/dang-nhap', remoteAddress: '203.0.113.9', headers });
        assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');
      } finally {
        await t.close();
      }
    });
  }
});

describe('the front lane leaves a proxied https request to the router', () => {
  let t: TestApp;
  let port: number;
  let articleUrl: string;
  before(async () => {
    t = await createTestApp('sqlite', { env: { TRUST_PROXY: '127.0.0.1' } });
    const cat = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    articleUrl = (await makeArticle(t.site, { categoryId: cat, title: 'Bài qua proxy' })).url;
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  after(() => t?.close());

  test('a page the front lane holds still gets HSTS when the trusted proxy says https', async () => {
    await rawGet(port, articleUrl);
    await rawGet(port, articleUrl);
    const hits = t.caches.pages.frontHits;
    const plain = await rawGet(port, articleUrl);
    assert.equal(t.caches.pages.frontHits, hits + 1, 'held by the front lane');
    assert.equal(plain.headers['strict-transport-security'], undefined);
    const https = await rawGet(port, articleUrl, { 'x-forwarded-proto': 'https' });
    assert.equal(https.status, 200);
    assert.equal(https.headers['strict-transport-security'], 'max-age=31536000');
    assert.equal(t.caches.pages.frontHits, hits + 1, 'answered by the router');
  });
});

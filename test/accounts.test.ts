import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../src/accounts/accounts.service.js';
import { backends } from './support/databases.js';
import { afterAction, Client, ORIGIN, csrfFrom, withoutToken } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'mật khẩu rất dài 2024';

/** A clock the tests move by hand, so windows and expiries need no waiting. */
function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

for (const dialect of backends()) {
  describe(`accounts on ${dialect}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    const clock = testClock();
    let articleUrl: string;

    before(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { now: clock.now, env: { SMTP_URL: smtp.url } });
      const cat = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      articleUrl = (await makeArticle(t.site, { categoryId: cat, title: 'Bài cho bạn đọc' })).url;
    });
    after(async () => {
      // The SMTP server closes even if the app never started, or the process would not exit.
      await smtp?.close();
      await t?.close();
    });

    const deps = () => ({
      ...t.app.csrf,
      db: t.database.handle.kysely,
      now: clock.now,
      hashing: t.config.passwordHashing,
      log: t.app.log,
      mailer: { send: async () => undefined },
      siteUrl: ORIGIN,
    });

    test('register, then log in: the session cookie is HttpOnly, SameSite=Lax, and the page greets the reader', async () => {
      const c = new Client(t.app);
      const reg = await c.submit('/dang-ky', '/dang-ky', {
        email: ' Lan.Nguyen@Example.VN ',
        displayName: 'Nguyễn Thị Lan',
        password: PASSWORD,
      });
      await afterAction(
        c,
        reg,
        '/dang-nhap',
        'Cảm ơn bạn. Nếu địa chỉ này chưa có tài khoản, tài khoản đã được tạo và chúng tôi đã gửi thư xác nhận tới hộp thư của bạn. Bạn có thể đăng nhập ngay.',
      );
      const mail = await smtp.waitFor('lan.nguyen@example.vn');
      assert.match(mail.text, /Xác nhận địa chỉ email|xác nhận/i);

      const login = await c.logIn('lan.nguyen@example.vn', PASSWORD);
      assert.equal(login.headers.location, '/');
      const cookie = ([] as string[])
        .concat(login.headers['set-cookie'] as string)
        .find((l) => l.startsWith('ts_session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\//);

      const page = await c.get(articleUrl);
      assert.match(page.body, /<a class="login-link account-name" href="\/tai-khoan">Nguyễn Thị Lan<\/a>/);
      assert.match(page.headers['cache-control'] as string, /private/);
      // The shared cache never got the signed-in page.
      const guest = await new Client(t.app).get(articleUrl);
      assert.ok(!guest.body.includes('Nguyễn Thị Lan'));
      assert.match(guest.body, /href="\/dang-nhap">Đăng nhập/);

      // Following the mailed link confirms the address.
      const verified = await c.get(linkIn(mail, '/xac-nhan-email'));
      assert.equal(verified.statusCode, 200);
      const row = await t.database.handle.kysely
        .selectFrom('users')
        .select('email_verified')
        .where('email', '=', 'lan.nguyen@example.vn')
        .executeTakeFirstOrThrow();
      assert.equal(row.email_verified, 1);
    });

    test('no account enumeration: register, login and reset answer alike for known and unknown emails', async () => {
      await createUser(deps(), { email: 'known@example.vn', role: 'reader', password: PASSWORD });
      const answers = async (action: string, fields: (email: string) => Record<string, string>) => {
        const out = [];
        for (const email of ['known@example.vn', 'nobody@example.vn']) {
          const c = new Client(t.app);
          const res = await c.submit(action, action, fields(email));
          // Where an answer leads is part of it: the page the redirect shows must not tell them apart either.
          const shown = res.statusCode === 303 ? (await c.get(String(res.headers.location))).body : '';
          out.push({
            status: res.statusCode,
            location: res.headers.location,
            body: withoutToken(res.body).replace(email, 'EMAIL'),
            shown: withoutToken(shown),
          });
        }
        return out;
      };
      for (const [action, fields] of [
        ['/dang-nhap', (email: string) => ({ email, password: 'sai mật khẩu rồi' })],
        ['/dang-ky', (email: string) => ({ email, displayName: 'Người thử', password: PASSWORD })],
        ['/quen-mat-khau', (email: string) => ({ email })],
      ] as const) {
        const [known, unknown] = await answers(action, fields);
        assert.equal(known!.status, unknown!.status, action);
        assert.equal(known!.body, unknown!.body, action);
        assert.equal(known!.location, unknown!.location, action);
        assert.equal(known!.shown, unknown!.shown, action);
      }
    });

    test('the session id changes at login and logout ends the session for good', async () => {
      await createUser(deps(), { email: 'rotate@example.vn', role: 'reader', password: PASSWORD });
      const c = new Client(t.app);
      await c.logIn('rotate@example.vn', PASSWORD);
      const first = c.cookies.get('ts_session');
      await c.logIn('rotate@example.vn', PASSWORD).catch(() => undefined);
      // Already signed in: the form is not shown again, so sign out and in to see a new id.
      const out = await c.submit(articleUrl, '/dang-xuat', {});
      assert.equal(out.statusCode, 303);
      assert.equal(c.cookies.has('ts_session'), false);
      const stale = new Client(t.app);
      stale.cookies.set('ts_session', first!);
      assert.ok(!(await stale.get(articleUrl)).body.includes('/tai-khoan'), 'the old id is dead');
      await c.logIn('rotate@example.vn', PASSWORD);
      assert.notEqual(c.cookies.get('ts_session'), first);
    });

    test('state-changing requests need our Origin and a valid token', async () => {
      const c = new Client(t.app);
      const page = await c.get('/dang-nhap');
      const token = csrfFrom(page.body);
      const form = { email: 'x@example.vn', password: 'whatever123', _csrf: token };
      assert.equal((await c.post('/dang-nhap', { ...form, _csrf: '' })).statusCode, 403);
      assert.equal((await c.post('/dang-nhap', form, { origin: 'https://evil.example' })).statusCode, 403);
      const noOrigin = await t.app.inject({
        method: 'POST',
        url: '/dang-nhap',
        payload: form,
        headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(noOrigin.statusCode, 403);
      // Another browser's token is worth nothing.
      const other = new Client(t.app);
      await other.get('/dang-nhap');
      const stolen = await other.post('/dang-nhap', form);
      assert.equal(stolen.statusCode, 403);
      assert.match(stolen.body, /Biểu mẫu đã hết hạn/);
      assert.equal(
        (await c.post('/dang-nhap', form)).statusCode,
        401,
        'the right token gets through to the password check',
      );
    });

    test('repeated failed logins slow the account with a Vietnamese 429, and the window ends', async () => {
      await createUser(deps(), { email: 'slow@example.vn', role: 'reader', password: PASSWORD });
      const c = new Client(t.app);
      for (let i = 0; i < 5; i++)
        assert.equal(
          (await c.submit('/dang-nhap', '/dang-nhap', { email: 'slow@example.vn', password: 'sai-mat-khau' }))
            .statusCode,
          401,
        );
      const blocked = await c.submit('/dang-nhap', '/dang-nhap', { email: 'slow@example.vn', password: PASSWORD });
      assert.equal(blocked.statusCode, 429);
      assert.match(blocked.body, /Bạn đã thử quá nhiều lần/);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      clock.advance(16 * 60_000);
      assert.equal(
        (await c.submit('/dang-nhap', '/dang-nhap', { email: 'slow@example.vn', password: PASSWORD })).statusCode,
        303,
      );
      // Whoever keeps guessing, window after window, meets the day-long step.
      const guesser = new Client(t.app);
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 5; i++)
          await guesser.submit('/dang-nhap', '/dang-nhap', { email: 'slow@example.vn', password: 'sai-mat-khau' });
        clock.advance(16 * 60_000);
      }
      const daily = await guesser.submit('/dang-nhap', '/dang-nhap', { email: 'slow@example.vn', password: PASSWORD });
      assert.equal(daily.statusCode, 429);
      assert.ok(Number(daily.headers['retry-after']) > 3600, 'the second step lasts hours, not minutes');
      clock.advance(24 * 3600_000);
      assert.equal(
        (await new Client(t.app).submit('/dang-nhap', '/dang-nhap', { email: 'slow@example.vn', password: PASSWORD }))
          .statusCode,
        303,
        'and it ends',
      );
    });

    test('password rules: length by role, common passwords refused, with Vietnamese messages', async () => {
      const c = new Client(t.app);
      const short = await c.submit('/dang-ky', '/dang-ky', {
        email: 'p1@example.vn',
        displayName: 'Người thử',
        password: 'ngan',
      });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /ít nhất 8 ký tự/);
      const common = await c.submit('/dang-ky', '/dang-ky', {
        email: 'p2@example.vn',
        displayName: 'Người thử',
        password: 'password1',
      });
      assert.equal(common.statusCode, 400);
      assert.match(common.body, /quá phổ biến/);
      await assert.rejects(
        createUser(deps(), { email: 'ed@example.vn', role: 'editor', password: 'mười một kt' }),
        /ít nhất 12 ký tự/,
      );
      const users = await t.database.handle.kysely
        .selectFrom('users')
        .select('email')
        .where('email', 'in', ['p1@example.vn', 'p2@example.vn', 'ed@example.vn'])
        .execute();
      assert.deepEqual(users, [], 'nothing half-written');
    });

    test('password reset by mail: the link works once and ends every session', async () => {
      await createUser(deps(), { email: 'reset@example.vn', role: 'editor', password: 'mật khẩu cũ của biên tập' });
      const other = new Client(t.app);
      await other.logIn('reset@example.vn', 'mật khẩu cũ của biên tập');
      const c = new Client(t.app);
      const sent = await c.submit('/quen-mat-khau', '/quen-mat-khau', { email: 'reset@example.vn' });
      await afterAction(
        c,
        sent,
        '/dang-nhap',
        'Nếu địa chỉ này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu. Liên kết có hiệu lực trong 60 phút.',
      );
      const link = linkIn(await smtp.waitFor('reset@example.vn'), '/dat-lai-mat-khau');
      const form = await c.get(link);
      assert.match(form.body, /Ít nhất 12 ký tự/, 'the rule of the account behind the link: an editor');
      assert.match(form.body, /minlength="12"/);
      const done = await c.post(link, { password: 'mật khẩu mới của biên tập', _csrf: csrfFrom(form.body) });
      await afterAction(c, done, '/dang-nhap', 'Mật khẩu mới đã được lưu. Mời bạn đăng nhập.');
      const again = await c.post(link, { password: 'lần nữa thì không được', _csrf: csrfFrom(form.body) });
      assert.equal(again.statusCode, 400, 'used once');
      const dead = await c.get(link);
      assert.equal(dead.statusCode, 400);
      assert.match(dead.body, /Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn/);
      assert.match(dead.body, /<a href="\/quen-mat-khau">Yêu cầu liên kết mới<\/a>/);
      assert.ok(!dead.body.includes('name="password"'), 'no form that cannot work');
      assert.ok(!(await other.get(articleUrl)).body.includes('/tai-khoan'), 'old sessions ended');
      await c.logIn('reset@example.vn', 'mật khẩu mới của biên tập');
      await new Client(t.app).submit('/dang-nhap', '/dang-nhap', {
        email: 'reset@example.vn',
        password: 'mật khẩu cũ của biên tập',
      });
      const events = await t.database.handle.kysely
        .selectFrom('auth_events')
        .innerJoin('users', 'users.id', 'auth_events.user_id')
        .select(['auth_events.event', 'auth_events.detail', 'auth_events.ip'])
        .where('users.email', '=', 'reset@example.vn')
        .orderBy('auth_events.id')
        .execute();
      assert.deepEqual(
        events.map((e) => e.event),
        ['user_created', 'login', 'reset_requested', 'password_reset', 'login', 'login_failed'],
      );
      assert.ok(events.slice(1).every((e) => e.ip === '127.0.0.1'));
      assert.ok(
        !JSON.stringify(events).includes('mật khẩu') && !JSON.stringify(events).includes(link.split('/').at(-1)!),
        'no password or token',
      );
    });

    test('staff pages redirect guests to the login page and refuse readers', async () => {
      const guest = await t.app.inject('/quan-tri/y-kien');
      assert.equal(guest.statusCode, 303);
      assert.equal(guest.headers.location, '/dang-nhap?tiep=%2Fquan-tri%2Fy-kien');
      const json = await t.app.inject({ url: '/quan-tri/y-kien', headers: { accept: 'application/json' } });
      assert.equal(json.statusCode, 401);
      await createUser(deps(), { email: 'reader2@example.vn', role: 'reader', password: PASSWORD });
      const c = new Client(t.app);
      await c.logIn('reader2@example.vn', PASSWORD);
      assert.equal((await c.get('/quan-tri/y-kien')).statusCode, 403);
    });

    test('registration and reset are throttled per address as well as per IP, alike for known and unknown addresses', async () => {
      await createUser(deps(), { email: 'flood@example.vn', role: 'reader', password: PASSWORD });
      for (const [action, fields] of [
        ['/dang-ky', { displayName: 'Người thử', password: PASSWORD }],
        ['/quen-mat-khau', {}],
      ] as const) {
        for (const email of ['flood@example.vn', 'flood-new@example.vn']) {
          clock.advance(61 * 60_000);
          const answers: number[] = [];
          for (let i = 0; i < 4; i++)
            answers.push((await new Client(t.app).submit(action, action, { email, ...fields })).statusCode);
          // The fourth try is under the per-IP limit (5): only the per-address one stops it.
          assert.deepEqual(answers, [303, 303, 303, 429], `${action} ${email}`);
        }
      }
      clock.advance(61 * 60_000);
      assert.equal(
        (
          await new Client(t.app).submit('/dang-ky', '/dang-ky', {
            email: 'flood@example.vn',
            displayName: 'Người thử',
            password: PASSWORD,
          })
        ).statusCode,
        303,
        'and the window ends',
      );
    });

    test('one address trying many accounts meets the per-IP limits of login, register and reset', async () => {
      clock.advance(61 * 60_000);
      const tries = async (action: string, n: number, fields: (i: number) => Record<string, string>) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++)
          out.push((await new Client(t.app, {}, '10.3.0.1').submit(action, action, fields(i))).statusCode);
        return out;
      };
      // A different account every time, so no per-account limit is ever reached.
      const logins = await tries('/dang-nhap', 31, (i) => ({
        email: `ip-login-${i}@example.vn`,
        password: 'sai mật khẩu rồi',
      }));
      assert.deepEqual(logins, [...Array<number>(30).fill(401), 429]);
      const registers = await tries('/dang-ky', 6, (i) => ({
        email: `ip-reg-${i}@example.vn`,
        displayName: 'Người thử',
        password: PASSWORD,
      }));
      assert.deepEqual(registers, [303, 303, 303, 303, 303, 429]);
      const resets = await tries('/quen-mat-khau', 6, (i) => ({ email: `ip-reset-${i}@example.vn` }));
      assert.deepEqual(resets, [303, 303, 303, 303, 303, 429]);
      const elsewhere = await new Client(t.app, {}, '10.3.0.2').submit('/quen-mat-khau', '/quen-mat-khau', {
        email: 'ip-reset-9@example.vn',
      });
      assert.equal(elsewhere.statusCode, 303, 'another address is not held back');
    });

    test('after login the reader returns to the page that asked, never to another site', async () => {
      await createUser(deps(), { email: 'next@example.vn', role: 'reader', password: PASSWORD });
      for (const [next, expected] of [
        ['/tai-khoan', '/tai-khoan'],
        ['//evil.example/x', '/'],
        ['https://evil.example', '/'],
      ] as [string, string][]) {
        const c = new Client(t.app);
        const page = await c.get(`/dang-nhap?tiep=${encodeURIComponent(next)}`);
        const res = await c.post('/dang-nhap', {
          email: 'next@example.vn',
          password: PASSWORD,
          tiep: next,
          _csrf: csrfFrom(page.body),
        });
        assert.equal(res.headers.location, expected, next);
      }
    });
  });
}

test('with an https SITE_URL the cookies are __Host- prefixed and Secure', async () => {
  const t = await createTestApp('sqlite', { env: { SITE_URL: 'https://tin.example.vn' } });
  try {
    const page = await t.app.inject('/dang-nhap');
    const cookie = String(page.headers['set-cookie']);
    assert.match(cookie, /^__Host-ts_csrf=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    await createUser(
      {
        db: t.database.handle.kysely,
        now: () => new Date(),
        hashing: t.config.passwordHashing,
        log: t.app.log,
        mailer: { send: async () => undefined },
        siteUrl: 'https://tin.example.vn',
      },
      { email: 'sec@example.vn', role: 'reader', password: PASSWORD },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: {
        origin: 'https://tin.example.vn',
        cookie: cookie.split(';')[0]!,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        email: 'sec@example.vn',
        password: PASSWORD,
        _csrf: csrfFrom(page.body),
      }).toString(),
    });
    assert.equal(res.statusCode, 303);
    assert.match(
      String(res.headers['set-cookie']),
      /^__Host-ts_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+$/,
    );
  } finally {
    await t.close();
  }
});

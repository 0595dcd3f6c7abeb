import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { totpAt } from '../src/accounts/totp.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { afterAction, Client, csrfFrom } from './support/client.js';
import { backends } from './support/databases.js';
import { startSmtp, type TestSmtp } from './support/smtp.js';
import { createTestApp, type TestApp } from './support/test-app.js';

function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

for (const dialect of backends()) {
  // A mail that never comes fails the test instead of hanging it.
  describe(`replacing or turning off two-factor sign-in on ${dialect}`, { timeout: 120_000 }, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    const clock = testClock();
    let n = 0;

    before(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { now: clock.now, env: { SMTP_URL: smtp.url } });
    });
    after(async () => {
      await smtp?.close();
      await t?.close();
    });
    beforeEach(() => clock.advance(16 * 60_000));

    const act = async (c: Client, action: string, fields: Record<string, string>) =>
      c.post(action, { ...fields, _csrf: csrfFrom((await c.get('/tai-khoan')).body) });
    /** A code of the next time step, so no code is refused only for having been used already. */
    const freshCode = (secret: string) => {
      clock.advance(31_000);
      return totpAt(secret, clock.now());
    };
    const secretOn = (html: string) => /<code>([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, '');
    const user = (email: string) =>
      t.database.handle.kysely
        .selectFrom('users')
        .select(['totp_enabled', 'totp_secret', 'totp_pending_secret'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
    const eventsOf = async (email: string) =>
      (
        await t.database.handle.kysely
          .selectFrom('auth_events')
          .innerJoin('users', 'users.id', 'auth_events.user_id')
          .select('auth_events.event')
          .where('users.email', '=', email)
          .orderBy('auth_events.id')
          .execute()
      ).map((e) => e.event);

    /** An editor with two-factor on, signed in on `c`. */
    async function enrolled() {
      const email = `hb${++n}@example.vn`;
      await makeUser(t, { email, role: 'editor' });
      const c = new Client(t.app);
      await c.logIn(email, STAFF_PASSWORD);
      const setup = await act(c, '/tai-khoan/hai-buoc/bat', { currentPassword: STAFF_PASSWORD });
      const secret = secretOn(setup.body);
      const done = await c.post('/tai-khoan/hai-buoc/xac-nhan', {
        code: freshCode(secret),
        _csrf: csrfFrom(setup.body),
      });
      assert.equal(done.statusCode, 200);
      const codes = [...done.body.matchAll(/<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);
      assert.match((await smtp.waitFor(email, 1)).text, /Xác thực hai bước vừa được bật/);
      return { email, c, secret, codes };
    }
    /** Signs in with the password, then `code`; the status of the second step. */
    async function signIn(email: string, code: string) {
      const d = new Client(t.app);
      await d.logIn(email, STAFF_PASSWORD);
      const form = await d.get('/dang-nhap/xac-thuc');
      return (await d.post('/dang-nhap/xac-thuc', { code, _csrf: csrfFrom(form.body) })).statusCode;
    }

    test('the account page asks for a current code to replace or turn off a factor in use', async () => {
      const { c } = await enrolled();
      const page = (await c.get('/tai-khoan')).body;
      for (const action of ['/tai-khoan/hai-buoc/bat', '/tai-khoan/hai-buoc/tat']) {
        const form = new RegExp(`<form[^>]*action="${action}">([\\s\\S]*?)</form>`).exec(page)![1]!;
        assert.match(form, /name="currentPassword"/, action);
        assert.match(form, /name="code"[^>]*required/, action);
      }
    });

    test('turning it off needs a current code: the password alone, or a wrong code, changes nothing', async () => {
      const { email, c, secret } = await enrolled();
      const alone = await act(c, '/tai-khoan/hai-buoc/tat', { currentPassword: STAFF_PASSWORD });
      assert.equal(alone.statusCode, 400);
      assert.match(alone.body, /Hãy nhập mã 6 số hiện tại từ ứng dụng xác thực, hoặc một mã khôi phục/);
      const wrong = await act(c, '/tai-khoan/hai-buoc/tat', { currentPassword: STAFF_PASSWORD, code: '000000' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Mã xác thực không đúng hoặc đã hết hạn/);
      assert.equal((await user(email)).totp_enabled, 1);
      assert.equal(await signIn(email, 'không có mã'), 400, 'sign-in still asks for the second factor');

      const off = await act(c, '/tai-khoan/hai-buoc/tat', { currentPassword: STAFF_PASSWORD, code: freshCode(secret) });
      const page = await afterAction(c, off, '/tai-khoan', 'Đã tắt xác thực hai bước.');
      assert.match(page.body, /<strong>Xác thực hai bước đang tắt\.<\/strong>/, 'the section shows it off');
      assert.deepEqual(await user(email), { totp_enabled: 0, totp_secret: null, totp_pending_secret: null });
      assert.match((await smtp.waitFor(email, 2)).text, /Xác thực hai bước vừa được tắt/);
      const events = await eventsOf(email);
      assert.deepEqual(
        events.filter((e) => e.startsWith('2fa_')),
        ['2fa_enabled', '2fa_failed', '2fa_failed', '2fa_disabled'],
      );
    });

    test('a recovery code turns it off too, once', async () => {
      const { email, c, codes } = await enrolled();
      const off = await act(c, '/tai-khoan/hai-buoc/tat', { currentPassword: STAFF_PASSWORD, code: codes[0]! });
      await afterAction(c, off, '/tai-khoan', 'Đã tắt xác thực hai bước.');
      assert.equal((await user(email)).totp_enabled, 0);
      assert.ok((await eventsOf(email)).includes('2fa_recovery_code_used'));
    });

    test('replacing it needs a current code, and the old app keeps working until the new one is confirmed', async () => {
      const { email, c, secret: oldSecret, codes: oldCodes } = await enrolled();
      const alone = await act(c, '/tai-khoan/hai-buoc/bat', { currentPassword: STAFF_PASSWORD });
      assert.equal(alone.statusCode, 400);
      assert.match(alone.body, /Hãy nhập mã 6 số hiện tại/);
      assert.deepEqual(await user(email), { totp_enabled: 1, totp_secret: oldSecret, totp_pending_secret: null });

      const setup = await act(c, '/tai-khoan/hai-buoc/bat', {
        currentPassword: STAFF_PASSWORD,
        code: freshCode(oldSecret),
      });
      assert.equal(setup.statusCode, 200);
      const newSecret = secretOn(setup.body);
      assert.notEqual(newSecret, oldSecret);
      assert.deepEqual(
        await user(email),
        { totp_enabled: 1, totp_secret: oldSecret, totp_pending_secret: newSecret },
        'the old factor is still the one on',
      );
      assert.equal(await signIn(email, freshCode(newSecret)), 400, 'the unconfirmed app cannot sign in');
      assert.equal(await signIn(email, freshCode(oldSecret)), 303, 'the old app still can');
      clock.advance(16 * 60_000); // past the 15-minute limit on tries, which counts every one
      const wrong = await c.post('/tai-khoan/hai-buoc/xac-nhan', { code: '000000', _csrf: csrfFrom(setup.body) });
      assert.equal(wrong.statusCode, 400);
      assert.equal(secretOn(wrong.body), newSecret, 'the setup page is shown again with the pending secret');

      const done = await c.post('/tai-khoan/hai-buoc/xac-nhan', {
        code: freshCode(newSecret),
        _csrf: csrfFrom(setup.body),
      });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Đã chuyển xác thực hai bước sang ứng dụng mới/);
      assert.deepEqual(await user(email), { totp_enabled: 1, totp_secret: newSecret, totp_pending_secret: null });
      assert.equal(await signIn(email, freshCode(oldSecret)), 400, 'the old app is over');
      assert.equal(await signIn(email, oldCodes[1]!), 400, 'and so are the old recovery codes');
      assert.equal(await signIn(email, freshCode(newSecret)), 303);
      assert.match((await smtp.waitFor(email, 2)).text, /chuyển sang một ứng dụng mới/);
      assert.ok((await eventsOf(email)).includes('2fa_replaced'));
    });

    test('second-factor failures meet a day-long limit as well as the 15-minute one', async () => {
      const { email, secret } = await enrolled();
      clock.advance(16 * 60_000);
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 5; i++) assert.equal(await signIn(email, '000000'), 400);
        assert.equal(await signIn(email, '000000'), 429, 'the short window');
        clock.advance(16 * 60_000);
      }
      const d = new Client(t.app);
      await d.logIn(email, STAFF_PASSWORD);
      const form = await d.get('/dang-nhap/xac-thuc');
      const held = await d.post('/dang-nhap/xac-thuc', { code: freshCode(secret), _csrf: csrfFrom(form.body) });
      assert.equal(held.statusCode, 429, 'twenty failures in a day: even the right code waits');
      assert.match(held.body, /Bạn đã thử quá nhiều lần/);
      assert.ok(Number(held.headers['retry-after']) > 3600, 'for hours, not minutes');
      clock.advance(24 * 3600_000);
      assert.equal(await signIn(email, freshCode(secret)), 303, 'and it ends');
    });
  });
}

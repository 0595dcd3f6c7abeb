import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { totpAt } from '../src/accounts/totp.js';
import { backends } from './support/databases.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { afterAction, Client, csrfFrom } from './support/client.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PW = 'mật khẩu của bạn đọc';

function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

for (const dialect of backends()) {
  describe(`/tai-khoan and two-factor sign-in on ${dialect}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    const clock = testClock();
    let n = 0;

    before(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { now: clock.now, env: { SMTP_URL: smtp.url } });
    });
    after(async () => {
      // The SMTP server closes even if the app never started, or the process would not exit.
      await smtp?.close();
      await t?.close();
    });
    beforeEach(() => clock.advance(16 * 60_000));

    async function reader() {
      const email = `tk${++n}@example.vn`;
      await makeUser(t, { email, role: 'reader', name: `Bạn đọc ${n}`, password: PW });
      const c = new Client(t.app);
      await c.logIn(email, PW);
      return { c, email };
    }
    const userId = async (email: string) =>
      (await t.database.handle.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
        ?.id;
    const act = async (c: Client, action: string, fields: Record<string, string>) =>
      c.post(action, { ...fields, _csrf: csrfFrom((await c.get('/tai-khoan')).body) });

    test('the display name changes at once, in the header too; a reload of the page repeats nothing', async () => {
      const { c, email } = await reader();
      const res = await act(c, '/tai-khoan/ten', { displayName: '  Nguyễn   Văn Bình ' });
      const page = await afterAction(c, res, '/tai-khoan', 'Đã đổi tên hiển thị thành “Nguyễn Văn Bình”.');
      assert.match(page.body, /<a class="login-link account-name" href="\/tai-khoan">Nguyễn Văn Bình<\/a>/);
      assert.match(page.body, /name="displayName" type="text" value="Nguyễn Văn Bình"/);
      const refused = await act(c, '/tai-khoan/ten', { displayName: 'B' });
      assert.equal(refused.statusCode, 400, 'refused, nothing happened: the page again with why');
      assert.match(refused.body, /role="alert"/);
      assert.doesNotMatch(refused.body, /Đã đổi tên hiển thị/);
      assert.match(refused.body, /<a class="login-link account-name" href="\/tai-khoan">Nguyễn Văn Bình<\/a>/);
      const row = await t.database.handle.kysely
        .selectFrom('users')
        .select('display_name')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      assert.equal(row.display_name, 'Nguyễn Văn Bình');
    });

    test('a new password needs the current one and ends the other sessions', async () => {
      const { c, email } = await reader();
      const other = new Client(t.app);
      await other.logIn(email, PW);
      const wrong = await act(c, '/tai-khoan/mat-khau', {
        currentPassword: 'sai rồi nhé',
        newPassword: 'mật khẩu mới tinh',
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Mật khẩu hiện tại không đúng/);
      const ok = await act(c, '/tai-khoan/mat-khau', { currentPassword: PW, newPassword: 'mật khẩu mới tinh' });
      await afterAction(c, ok, '/tai-khoan', 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.');
      assert.equal((await other.get('/tai-khoan')).statusCode, 303, 'the other session is over');
      assert.equal((await c.get('/tai-khoan')).statusCode, 200, 'this one goes on');
      await new Client(t.app).logIn(email, 'mật khẩu mới tinh');
    });

    test('the email changes only after the new inbox confirms it; the old one is told', async () => {
      const { c, email } = await reader();
      const res = await act(c, '/tai-khoan/email', { email: 'dia-chi-moi@example.vn', currentPassword: PW });
      await afterAction(
        c,
        res,
        '/tai-khoan',
        'Nếu địa chỉ mới dùng được, chúng tôi đã gửi thư xác nhận tới đó. Địa chỉ chỉ đổi sau khi bạn mở liên kết trong thư.',
      );
      assert.match((await smtp.waitFor(email)).text, /đổi sang một địa chỉ email khác/);
      const link = linkIn(await smtp.waitFor('dia-chi-moi@example.vn'), '/xac-nhan-email');
      assert.equal((await c.get(link)).statusCode, 200);
      await new Client(t.app).logIn('dia-chi-moi@example.vn', PW);
    });

    test('sessions are listed with device and can be ended one by one or all at once', async () => {
      const { c, email } = await reader();
      const phone = new Client(t.app, { 'user-agent': 'Điện thoại thử nghiệm' });
      await phone.logIn(email, PW);
      const page = await c.get('/tai-khoan');
      assert.doesNotMatch(page.body, /Điện thoại thử nghiệm/, 'the raw User-Agent is never shown');
      assert.match(page.body, /Phiên này/);
      const id = /action="\/tai-khoan\/phien\/([0-9a-f]{64})\/ket-thuc"/.exec(page.body)![1]!;
      const one = await c.post(`/tai-khoan/phien/${id}/ket-thuc`, { _csrf: csrfFrom(page.body) });
      await afterAction(c, one, '/tai-khoan', 'Đã kết thúc phiên đăng nhập đó.');
      assert.equal((await phone.get('/tai-khoan')).statusCode, 303);
      await phone.logIn(email, PW);
      const all = await act(c, '/tai-khoan/phien/ket-thuc-tat-ca', {});
      await afterAction(c, all, '/tai-khoan', 'Đã kết thúc mọi phiên đăng nhập khác.');
      assert.equal((await phone.get('/tai-khoan')).statusCode, 303);
      assert.equal((await c.get('/tai-khoan')).statusCode, 200);
      const foreign = await act(c, `/tai-khoan/phien/${'0'.repeat(64)}/ket-thuc`, {});
      assert.equal(foreign.statusCode, 404);
      assert.match(foreign.body, /Không tìm thấy phiên đăng nhập này\./, 'refused on the page, with why');
    });

    test('each session is named by browser and system, with its last use in Vietnam time', async () => {
      const { email } = await reader();
      const agents: [string, string][] = [
        [
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
          'Chrome trên Windows',
        ],
        [
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
          'Safari trên iPhone',
        ],
        ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox trên Linux'],
        [
          'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
          'Chrome trên Android',
        ],
        [
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/124.0.200 Chrome/118.0.5993.200 Safari/537.36',
          'Cốc Cốc trên Windows',
        ],
        ['', 'Trình duyệt không rõ'],
      ];
      let last: Client | undefined;
      for (const [ua] of agents) {
        last = new Client(t.app, { 'user-agent': ua });
        await last.logIn(email, PW);
      }
      const page = await last!.get('/tai-khoan');
      const rows = [...page.body.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((r) => [r[1], r[2]]);
      // The first session is reader()'s, from the test client's own agent.
      const expected = [...agents.map((a) => a[1]), 'Trình duyệt không rõ'];
      assert.deepEqual(rows.map((r) => r[0]).sort(), expected.sort());
      assert.doesNotMatch(page.body, /Mozilla\/5\.0/);
      const now = clock.now();
      const vn = new Date(now.getTime() + 7 * 3600_000);
      const day = `${String(vn.getUTCDate()).padStart(2, '0')}/${String(vn.getUTCMonth() + 1).padStart(2, '0')}/${vn.getUTCFullYear()}`;
      for (const [, when] of rows) assert.match(when!, new RegExp(`^\\d\\d:\\d\\d ${day}$`), when);
    });

    test('a reader’s session ends after a week idle, and after 30 days however busy', async () => {
      const DAY = 24 * 3600_000;
      const idle = await reader();
      clock.advance(6 * DAY);
      assert.equal((await idle.c.get('/tai-khoan')).statusCode, 200, 'six idle days are fine');
      clock.advance(7 * DAY + 60_000);
      assert.equal((await idle.c.get('/tai-khoan')).statusCode, 303, 'seven are not');

      const busy = await reader();
      for (let day = 6; day <= 24; day += 6) {
        clock.advance(6 * DAY);
        assert.equal((await busy.c.get('/tai-khoan')).statusCode, 200, `day ${day}`);
      }
      clock.advance(6 * DAY);
      assert.equal((await busy.c.get('/tai-khoan')).statusCode, 303, 'day 30: over, though never idle for long');
      const left = await t.database.handle.kysely
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('sessions.id_hash')
        .where('users.email', 'in', [idle.email, busy.email])
        .execute();
      assert.deepEqual(left, [], 'ended sessions are deleted, not just ignored');
    });

    test('deleting the account needs the password and signs out', async () => {
      const { c, email } = await reader();
      const page = await c.get('/tai-khoan');
      const form = /<form[^>]*action="\/tai-khoan\/xoa"[\s\S]*?<\/form>/.exec(page.body)![0];
      assert.match(form, /name="currentPassword" type="password"[^>]*required/);
      assert.match(form, /<button class="button danger" type="submit">Xóa tài khoản của tôi<\/button>/);
      const attempts: Record<string, string>[] = [{ currentPassword: 'không phải' }, { currentPassword: '' }, {}];
      for (const fields of attempts) {
        const refused = await act(c, '/tai-khoan/xoa', fields);
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /Mật khẩu hiện tại không đúng\./);
        assert.ok(await userId(email), 'a refused request deletes nothing');
        assert.equal((await c.get('/tai-khoan')).statusCode, 200, 'and keeps the session');
      }
      const res = await act(c, '/tai-khoan/xoa', { currentPassword: PW });
      assert.equal(c.cookies.has('ts_session'), false, 'signed out by the answer itself');
      assert.equal(await userId(email), undefined);
      assert.equal(res.headers.location, '/tai-khoan/da-xoa');
      const gone = await afterAction(c, res, '/tai-khoan/da-xoa', 'Tài khoản của bạn đã được xóa.');
      assert.match(gone.body, /<a href="\/">Về trang chủ<\/a>/);
      assert.doesNotMatch(gone.body, /account-name/, 'nobody is signed in on it');
      assert.equal(c.cookies.has('ts_session'), false, 'and stays signed out');
      // With its notice said, the page has nothing left to say: a reload, or a typed address, leads home.
      const later = await c.get('/tai-khoan/da-xoa');
      assert.equal(later.statusCode, 303);
      assert.equal(later.headers.location, '/');
      assert.equal((await new Client(t.app).get('/tai-khoan/da-xoa')).headers.location, '/');
    });

    test('staff turn on TOTP, then need a code or a one-time recovery code to sign in', async () => {
      await makeUser(t, { email: 'totp@example.vn', role: 'editor', name: 'Biên tập hai bước' });
      const c = new Client(t.app);
      await c.logIn('totp@example.vn', STAFF_PASSWORD);
      const setup = await act(c, '/tai-khoan/hai-buoc/bat', { currentPassword: STAFF_PASSWORD });
      const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]!.replace(/ /g, '');
      assert.match(setup.body, /otpauth:\/\/totp\//);
      const bad = await c.post('/tai-khoan/hai-buoc/xac-nhan', { code: '000000', _csrf: csrfFrom(setup.body) });
      assert.equal(bad.statusCode, 400);
      const done = await c.post('/tai-khoan/hai-buoc/xac-nhan', {
        code: totpAt(secret, clock.now()),
        _csrf: csrfFrom(setup.body),
      });
      const codes = [...done.body.matchAll(/<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);
      assert.equal(codes.length, 10);

      const next = new Client(t.app);
      const login = await next.logIn('totp@example.vn', STAFF_PASSWORD);
      assert.match(login.headers.location as string, /^\/dang-nhap\/xac-thuc/);
      assert.equal((await next.get('/quan-tri/y-kien')).statusCode, 303, 'half signed in is not signed in');
      const form = await next.get('/dang-nhap/xac-thuc');
      assert.equal(
        (await next.post('/dang-nhap/xac-thuc', { code: '123456', _csrf: csrfFrom(form.body) })).statusCode,
        400,
      );
      clock.advance(30_000); // the code that turned 2FA on counts as used
      const usedCode = totpAt(secret, clock.now());
      assert.equal(
        (await next.post('/dang-nhap/xac-thuc', { code: usedCode, _csrf: csrfFrom(form.body) })).statusCode,
        303,
      );
      assert.equal((await next.get('/quan-tri/y-kien')).statusCode, 200);

      // A code that was seen once cannot sign anyone in again within its window.
      const replay = new Client(t.app);
      await replay.logIn('totp@example.vn', STAFF_PASSWORD);
      const replayForm = await replay.get('/dang-nhap/xac-thuc');
      assert.equal(
        (await replay.post('/dang-nhap/xac-thuc', { code: usedCode, _csrf: csrfFrom(replayForm.body) })).statusCode,
        400,
      );

      clock.advance(16 * 60_000);
      const withCode = async (code: string) => {
        const d = new Client(t.app);
        await d.logIn('totp@example.vn', STAFF_PASSWORD);
        const f = await d.get('/dang-nhap/xac-thuc');
        return (await d.post('/dang-nhap/xac-thuc', { code, _csrf: csrfFrom(f.body) })).statusCode;
      };
      assert.equal(await withCode(codes[0]!.toLowerCase()), 303, 'a recovery code works, in any case');
      assert.equal(await withCode(codes[0]!), 400, 'but only once');

      const events = await t.database.handle.kysely
        .selectFrom('auth_events')
        .select(['event', 'detail', 'ip'])
        .execute();
      for (const e of [
        '2fa_enabled',
        '2fa_ok',
        '2fa_recovery_code_used',
        '2fa_failed',
        'login',
        'password_changed',
        'email_change_requested',
        'account_deleted',
      ]) {
        assert.ok(
          events.some((r) => r.event === e),
          e,
        );
      }
      const logged = JSON.stringify(events);
      for (const secretText of [STAFF_PASSWORD, PW, secret, codes[1]!])
        assert.ok(!logged.includes(secretText), 'no secret in the log');
    });
  });
}

test('an admin makes two-factor mandatory in the settings, only once their own is on; it binds editors until turned off', async () => {
  const t = await createTestApp('sqlite');
  try {
    await makeUser(t, { email: 'quantri@example.vn', role: 'admin' });
    await makeUser(t, { email: 'bientap@example.vn', role: 'editor' });
    const admin = new Client(t.app);
    await admin.logIn('quantri@example.vn', STAFF_PASSWORD);
    const editor = new Client(t.app);
    await editor.logIn('bientap@example.vn', STAFF_PASSWORD);
    const save = (required: boolean) =>
      admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', {
        name: 'Sở KH&CN',
        ...(required ? { staffTwoFactorRequired: '1' } : {}),
      });

    const refused = await save(true);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Hãy bật đăng nhập hai bước cho chính tài khoản của bạn/);
    assert.equal((await editor.get('/quan-tri/y-kien')).statusCode, 200, 'a refused save changes nothing');

    const account = async () => csrfFrom((await admin.get('/tai-khoan')).body);
    const setup = await admin.post('/tai-khoan/hai-buoc/bat', {
      currentPassword: STAFF_PASSWORD,
      _csrf: await account(),
    });
    const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(setup.body)![1]!.replace(/ /g, '');
    const confirmed = await admin.post('/tai-khoan/hai-buoc/xac-nhan', {
      code: totpAt(secret, new Date()),
      _csrf: csrfFrom(setup.body),
    });
    assert.equal(confirmed.statusCode, 200);

    assert.equal((await save(true)).statusCode, 303);
    assert.match((await admin.get('/quan-tri/cai-dat')).body, /name="staffTwoFactorRequired" value="1"[^>]* checked/);
    const sent = await editor.get('/quan-tri/y-kien');
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/tai-khoan?can-2fa=1#hai-buoc');
    assert.equal((await admin.get('/quan-tri/y-kien')).statusCode, 200, 'staff with two-factor go on working');

    assert.equal((await save(false)).statusCode, 303);
    assert.equal((await editor.get('/quan-tri/y-kien')).statusCode, 200);
    const audit = await t.database.handle.kysely
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'settings.update')
      .execute();
    assert.deepEqual(
      audit.map((a) => /staff 2FA (\w+)/.exec(a.detail ?? '')?.[1]),
      ['required', 'optional'],
    );
  } finally {
    await t.close();
  }
});

test('with STAFF_2FA_REQUIRED an editor without two-factor is sent to set it up', async () => {
  const t = await createTestApp('sqlite', { env: { STAFF_2FA_REQUIRED: '1' } });
  try {
    await makeUser(t, { email: 'must@example.vn', role: 'editor' });
    const c = new Client(t.app);
    await c.logIn('must@example.vn', STAFF_PASSWORD);
    const res = await c.get('/quan-tri/y-kien');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/tai-khoan?can-2fa=1#hai-buoc');
    assert.match((await c.get('/tai-khoan?can-2fa=1')).body, /phải bật xác thực hai bước/);
  } finally {
    await t.close();
  }
});

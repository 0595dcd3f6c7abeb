import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends } from './support/databases.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { afterAction, afterComment, Client, commentNoticeIn, csrfFrom } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PW = 'mật khẩu của bạn đọc';

function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

for (const dialect of backends()) {
  describe(`email verification gates comments on ${dialect}`, () => {
    let t: TestApp;
    let smtp: TestSmtp;
    const clock = testClock();
    let article: { id: number; url: string };
    let editor: Client;
    let n = 0;

    before(async () => {
      smtp = await startSmtp();
      t = await createTestApp(dialect, { now: clock.now, env: { SMTP_URL: smtp.url, PAGE_CACHE_SECONDS: '600' } });
      const cat = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      article = await makeArticle(t.site, { categoryId: cat, title: 'Bài cho bạn đọc đã xác nhận' });
      await makeUser(t, { email: 'quantri@example.vn', role: 'admin', name: 'Quản trị' });
      editor = new Client(t.app);
      await editor.logIn('quantri@example.vn', STAFF_PASSWORD);
      // The most open policy: only an unconfirmed address can hold a reader's comment back.
      const settings = await editor.get('/quan-tri/y-kien/cai-dat');
      const saved = await editor.post('/quan-tri/y-kien/cai-dat', {
        guestsAllowed: '1',
        premoderation: 'none',
        closeAfterDays: '0',
        blocklist: '',
        blocklistAction: 'hold',
        _csrf: csrfFrom(settings.body),
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/quan-tri/y-kien/cai-dat');
    });
    after(async () => {
      await smtp?.close();
      await t?.close();
    });

    /** A reader registered through the form (so the address is unconfirmed) and signed in. */
    async function registeredReader() {
      const email = `xac-nhan-${++n}@example.vn`;
      const c = new Client(t.app);
      const reg = await c.submit('/dang-ky', '/dang-ky', { email, displayName: `Bạn đọc ${n}`, password: PW });
      assert.equal(reg.statusCode, 303);
      assert.equal(reg.headers.location, '/dang-nhap');
      await c.logIn(email, PW);
      return { c, email };
    }

    async function comment(c: Client, body: string) {
      const page = await c.get(article.url);
      clock.advance(5000);
      return c.post('/y-kien', { articleId: String(article.id), body, _csrf: csrfFrom(page.body) });
    }

    test('an unconfirmed reader’s comment waits for an editor; once the resent link is opened, comments publish', async () => {
      clock.advance(11 * 60_000);
      const { c, email } = await registeredReader();
      const account = await c.get('/tai-khoan');
      assert.match(account.body, new RegExp(`Địa chỉ hiện tại: ${email} · <strong>chưa xác nhận</strong>`));
      assert.match(account.body, /<form method="post" action="\/tai-khoan\/email\/gui-lai-xac-nhan">/);

      const held = await comment(c, 'Ý kiến của người chưa xác nhận email.');
      assert.match(
        commentNoticeIn((await afterComment(c, held, article.url)).body) ?? '',
        /Ý kiến của bạn đang chờ duyệt vì địa chỉ email của bạn chưa được xác nhận/,
      );
      assert.ok(
        !(await new Client(t.app).get(article.url)).body.includes('người chưa xác nhận email'),
        'not published',
      );
      const queue = await editor.get('/quan-tri/y-kien');
      const item = queue.body.slice(queue.body.indexOf(`<strong>Bạn đọc ${n}</strong>`));
      assert.match(
        item,
        /^<strong>[^<]+<\/strong> · <span class="author-state">Tài khoản, email chưa xác nhận<\/span>/,
      );

      const resent = await c.post('/tai-khoan/email/gui-lai-xac-nhan', { _csrf: csrfFrom(account.body) });
      await afterAction(
        c,
        resent,
        '/tai-khoan',
        'Chúng tôi đã gửi lại thư xác nhận. Liên kết trong thư có hiệu lực 48 giờ.',
      );
      const second = await smtp.waitFor(email, 2);
      assert.notEqual(
        linkIn(second, '/xac-nhan-email'),
        linkIn(await smtp.waitFor(email, 1), '/xac-nhan-email'),
        'a fresh link',
      );
      assert.equal((await c.get(linkIn(second, '/xac-nhan-email'))).statusCode, 200);

      const after = await c.get('/tai-khoan');
      assert.match(after.body, /<strong>đã xác nhận<\/strong>/);
      assert.ok(!after.body.includes('gui-lai-xac-nhan'), 'no resend button once confirmed');
      const published = await comment(c, 'Ý kiến sau khi đã xác nhận email.');
      assert.match(
        commentNoticeIn((await afterComment(c, published, article.url)).body) ?? '',
        /Ý kiến của bạn đã được đăng/,
      );
      assert.match(
        (await new Client(t.app).get(article.url)).body,
        /Ý kiến sau khi đã xác nhận email\./,
        'on the cached page at once',
      );
      const approved = await editor.get('/quan-tri/y-kien?trang-thai=da-duyet');
      assert.match(approved.body, /<span class="author-state">Tài khoản, email đã xác nhận<\/span>/);
    });

    test('a guest’s address is never confirmed, and the queue says so', async () => {
      clock.advance(11 * 60_000);
      const guest = new Client(t.app);
      const page = await guest.get(article.url);
      clock.advance(5000);
      const posted = await guest.post('/y-kien', {
        articleId: String(article.id),
        name: 'Khách Hà',
        email: 'ha@example.vn',
        body: 'Ý kiến của một vị khách.',
        _csrf: csrfFrom(page.body),
      });
      assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
      const approved = await editor.get('/quan-tri/y-kien?trang-thai=da-duyet');
      assert.match(
        approved.body,
        /<strong>Khách Hà<\/strong> &lt;ha@example\.vn&gt; · <span class="author-state">Khách, email chưa xác nhận<\/span>/,
      );
    });

    test('resending is throttled per account with a Vietnamese 429, and refused once confirmed', async () => {
      clock.advance(11 * 60_000);
      const { c, email } = await registeredReader();
      const resend = async () =>
        c.post('/tai-khoan/email/gui-lai-xac-nhan', { _csrf: csrfFrom((await c.get('/tai-khoan')).body) });
      for (let i = 0; i < 3; i++) assert.equal((await resend()).headers.location, '/tai-khoan', `resend ${i + 1}`);
      const limited = await resend();
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Bạn đã thử quá nhiều lần/);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      const fourth = await smtp.waitFor(email, 4);
      clock.advance(61 * 60_000);
      // Staff sessions aside, a reader's session outlives the hour: the window ends and the button works again.
      assert.equal((await resend()).statusCode, 303);
      assert.equal((await c.get(linkIn(fourth, '/xac-nhan-email'))).statusCode, 200, 'any live link confirms');
      const done = await resend();
      assert.equal(done.statusCode, 400);
      assert.match(done.body, /đã được xác nhận/);
      const events = await t.database.handle.kysely
        .selectFrom('auth_events')
        .innerJoin('users', 'users.id', 'auth_events.user_id')
        .select('auth_events.event')
        .where('users.email', '=', email)
        .where('auth_events.event', '=', 'verification_resent')
        .execute();
      assert.equal(events.length, 4);
    });
  });
}

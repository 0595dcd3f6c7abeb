import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { makeUser } from './support/accounts.js';
import { Client, csrfFrom } from './support/client.js';
import { backends } from './support/databases.js';
import { linkIn, startSmtp, type TestSmtp } from './support/smtp.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PW = 'mật khẩu của bạn đọc';
const DEAD = /Liên kết không hợp lệ, đã được dùng hoặc đã hết hạn/;

function testClock() {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms: number) => (offset += ms) };
}

for (const dialect of backends()) {
  describe(`a reset, a new password or a new address ends every other link of the account on ${dialect}`, () => {
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
    // Past the per-IP reset limit of the test before.
    beforeEach(() => clock.advance(61 * 60_000));

    async function account() {
      const email = `lk${++n}@example.vn`;
      await makeUser(t, { email, role: 'reader', password: PW });
      return email;
    }
    /** Asks for two reset links and reads them from the real inbox. */
    async function twoResetLinks(email: string): Promise<[string, string]> {
      for (let i = 0; i < 2; i++)
        assert.equal((await new Client(t.app).submit('/quen-mat-khau', '/quen-mat-khau', { email })).statusCode, 303);
      const first = linkIn(await smtp.waitFor(email, 1), '/dat-lai-mat-khau');
      const second = linkIn(await smtp.waitFor(email, 2), '/dat-lai-mat-khau');
      assert.notEqual(first, second);
      return [first, second];
    }
    async function assertRefused(link: string) {
      const c = new Client(t.app);
      const form = await c.get(link);
      assert.equal(form.statusCode, 400);
      assert.match(form.body, DEAD);
      // A dead link's page has no form; a token from another page gets the post to the link check.
      const post = await c.post(link, {
        password: 'mật khẩu của kẻ khác',
        _csrf: csrfFrom((await c.get('/quen-mat-khau')).body),
      });
      assert.equal(post.statusCode, 400);
      assert.match(post.body, DEAD);
    }

    test('using one reset link ends the other', async () => {
      const email = await account();
      const [used, other] = await twoResetLinks(email);
      const c = new Client(t.app);
      const form = await c.get(used);
      assert.equal(
        (await c.post(used, { password: 'mật khẩu mới sau khi đặt lại', _csrf: csrfFrom(form.body) })).headers.location,
        '/dang-nhap',
      );
      await assertRefused(other);
      await new Client(t.app).logIn(email, 'mật khẩu mới sau khi đặt lại');
    });

    test('changing the password on the account page ends the reset links', async () => {
      const email = await account();
      const [link] = await twoResetLinks(email);
      const c = new Client(t.app);
      await c.logIn(email, PW);
      const changed = await c.submit('/tai-khoan', '/tai-khoan/mat-khau', {
        currentPassword: PW,
        newPassword: 'mật khẩu mới tinh khôi',
      });
      assert.equal(changed.statusCode, 303);
      assert.equal(changed.headers.location, '/tai-khoan');
      await assertRefused(link);
      await new Client(t.app).logIn(email, 'mật khẩu mới tinh khôi');
    });

    test('confirming a new address ends the reset links and every other pending address change', async () => {
      const email = await account();
      const [link] = await twoResetLinks(email);
      const c = new Client(t.app);
      await c.logIn(email, PW);
      for (const to of [`moi${n}@example.vn`, `khac${n}@example.vn`]) {
        assert.equal(
          (await c.submit('/tai-khoan', '/tai-khoan/email', { email: to, currentPassword: PW })).statusCode,
          303,
        );
      }
      const confirm = linkIn(await smtp.waitFor(`moi${n}@example.vn`), '/xac-nhan-email');
      const otherChange = linkIn(await smtp.waitFor(`khac${n}@example.vn`), '/xac-nhan-email');
      assert.equal((await c.get(confirm)).statusCode, 200);
      await assertRefused(link);
      const stale = await c.get(otherChange);
      assert.equal(stale.statusCode, 400);
      assert.match(stale.body, DEAD);
      const row = await t.database.handle.kysely
        .selectFrom('users')
        .select('email')
        .where('email', 'in', [`moi${n}@example.vn`, `khac${n}@example.vn`])
        .execute();
      assert.deepEqual(row, [{ email: `moi${n}@example.vn` }]);
    });
  });
}

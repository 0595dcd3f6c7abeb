import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { makeUser } from './support/accounts.js';
import { Client, withoutToken } from './support/client.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PW = 'mật khẩu của bạn đọc';

// The per-account lock-out is the login-fail throttle on the typed address (see the README); there is no counter on the user row.
for (const dialect of backends()) {
  describe(`the per-account lock-out on ${dialect}`, () => {
    let t: TestApp;

    before(async () => {
      t = await createTestApp(dialect);
      await makeUser(t, { email: 'co-that@example.vn', role: 'reader', password: PW });
    });
    after(() => t?.close());

    test('locks an address with an account and one without alike, so its answer tells nothing', async () => {
      const answers = [];
      for (const email of ['co-that@example.vn', 'khong-co@example.vn']) {
        // A client per try, from addresses of its own, so only the per-account limit can answer.
        const tries = [];
        for (let i = 0; i < 6; i++) {
          const res = await new Client(t.app, {}, `10.9.${answers.length}.${i}`).submit('/dang-nhap', '/dang-nhap', {
            email,
            password: 'sai mật khẩu rồi',
          });
          tries.push(res.statusCode);
          if (i === 5)
            answers.push({
              status: res.statusCode,
              body: withoutToken(res.body).replace(email, 'EMAIL'),
              retry: res.headers['retry-after'] !== undefined,
            });
        }
        assert.deepEqual(tries, [401, 401, 401, 401, 401, 429], email);
      }
      assert.deepEqual(answers[0], answers[1]);
      const locked = await new Client(t.app, {}, '10.9.9.9').submit('/dang-nhap', '/dang-nhap', {
        email: 'co-that@example.vn',
        password: PW,
      });
      assert.equal(locked.statusCode, 429, 'the right password waits too: the lock is on the account, not the guesser');
    });
  });
}

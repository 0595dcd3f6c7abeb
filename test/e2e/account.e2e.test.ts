import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, runAxe, seriousViolations, signInWithForm } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const PASSWORD = 'mật khẩu bạn đọc';

/**
 * The account page's forms are POST → redirect → GET: the person is told once
 * what happened, and reloading the page they land on posts nothing again.
 */
describe('the account page in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let db: Database.Database;
  const contexts: BrowserContext[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-e2e-account-'));
    const file = path.join(dir, 'site.db');
    const env = {
      DATABASE_URL: `sqlite:${file}`,
      DEMO_CONTENT: '0',
      NODE_ENV: 'test',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
    };
    server = await startServerProcess(env);
    for (const width of [1280, 390]) {
      const added = await runCli(
        [
          'user',
          'add',
          '--email',
          `ban-doc-${width}@example.vn`,
          '--role',
          'reader',
          '--name',
          `Bạn đọc ${width}`,
          '--password-stdin',
        ],
        env,
        `${PASSWORD}\n`,
      );
      assert.equal(added.code, 0, added.stderr);
    }
    db = new Database(file, { readonly: true, fileMustExist: true });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    db?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [1280, 390]) {
    test(`a new display name is said once; a reload repeats nothing (${width} px)`, async () => {
      const email = `ban-doc-${width}@example.vn`;
      const { context, page, errors } = await openPage(browser, { width });
      contexts.push(context);
      // Form posts, that is: the statistics beacon posts too, but never as a navigation.
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.isNavigationRequest()) posts.push(new URL(r.url()).pathname);
      });
      const row = () =>
        db.prepare('SELECT display_name, updated_at FROM users WHERE email = ?').get(email) as {
          display_name: string;
          updated_at: string;
        };

      await signInWithForm(page, server.url, { email, password: PASSWORD });
      await page.goto(`${server.url}/tai-khoan`);
      const name = `Nguyễn Thị Mai ${width}`;
      await page.getByRole('textbox', { name: 'Tên hiển thị' }).fill(name);
      posts.length = 0;
      await Promise.all([
        page.waitForURL(`${server.url}/tai-khoan`),
        page.locator('form[action="/tai-khoan/ten"]').getByRole('button', { name: 'Lưu' }).click(),
      ]);
      assert.deepEqual(posts, ['/tai-khoan/ten'], 'one POST, then the browser followed the redirect');
      const notice = page.getByRole('status').filter({ hasText: `Đã đổi tên hiển thị thành “${name}”.` });
      assert.equal(await notice.count(), 1);
      assert.equal(await page.locator('.account-name').innerText(), name, 'the header shows the new name');
      assert.equal(await page.getByRole('textbox', { name: 'Tên hiển thị' }).inputValue(), name);
      const saved = row();
      assert.equal(saved.display_name, name);
      const violations = seriousViolations(await runAxe(page));
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));

      await page.reload();
      assert.deepEqual(posts, ['/tai-khoan/ten'], 'the reload is a GET: nothing posted again');
      assert.equal(await page.getByText('Đã đổi tên hiển thị').count(), 0, 'the notice was said once');
      assert.equal(await page.locator('.account-name').innerText(), name);
      assert.deepEqual(row(), saved, 'the row was not written again');
      assert.deepEqual(errors, []);
    });
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpAt } from '../../src/accounts/totp.js';
import { launchBrowser, openPage, runAxe, seriousViolations, signInWithForm } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url));
const ADMIN = { email: 'bientap@example.vn', password: 'mật khẩu quản trị đủ dài' };
// The comment form refuses posts made faster than a person types.
const HUMAN_PAUSE_MS = 3200;

describe('register, comment, moderate in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let articleUrl: string;
  let env: Record<string, string>;
  const contexts: BrowserContext[] = [];
  const withoutJs = new WeakSet<Page>();

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-e2e-comments-'));
    env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`,
      DEMO_CONTENT: '1',
      NODE_ENV: 'test',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
    };
    server = await startServerProcess(env);
    const imported = await runCli(['import', FIXTURE, '--category', 'tin-tuc-su-kien', '--json'], env);
    assert.equal(imported.code, 0, imported.stderr);
    articleUrl = server.url + (JSON.parse(imported.stdout) as { url: string }).url;
    const added = await runCli(
      ['user', 'add', '--email', ADMIN.email, '--role', 'admin', '--name', 'Ban biên tập', '--password-stdin'],
      env,
      `${ADMIN.password}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(javaScriptEnabled = true) {
    const { context, page, errors } = await openPage(browser, { width: 390, javaScriptEnabled });
    contexts.push(context);
    if (!javaScriptEnabled) withoutJs.add(page);
    return { page, errors };
  }

  async function axeClean(page: Page, label: string) {
    // axe runs as a script, so a page opened with JavaScript off is checked in the other run.
    if (withoutJs.has(page)) return;
    const violations = seriousViolations(await runAxe(page));
    assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 1)}`);
  }

  for (const js of [true, false]) {
    test(`a reader registers, comments, an editor approves, a guest sees it (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const tag = js ? 'co-js' : 'khong-js';
      const email = `ban-doc-${tag}@example.vn`;
      const text = `Ý kiến thử nghiệm (${tag}): cảm ơn bài viết rất hay.`;
      const reader = await open(js);
      await reader.page.goto(`${server.url}/dang-ky`);
      await axeClean(reader.page, '/dang-ky');
      await reader.page.getByLabel('Địa chỉ email').fill(email);
      await reader.page.getByLabel('Tên hiển thị').fill(`Bạn đọc ${tag}`);
      await reader.page.getByLabel('Mật khẩu').fill('mật khẩu bạn đọc');
      await reader.page.getByRole('button', { name: 'Đăng ký' }).click();
      await reader.page.getByText('Cảm ơn bạn').waitFor();

      await signInWithForm(reader.page, server.url, { email, password: 'mật khẩu bạn đọc' });
      await reader.page.goto(articleUrl);
      assert.equal(await reader.page.locator('.login-link').innerText(), `Bạn đọc ${tag}`);
      await reader.page.waitForTimeout(HUMAN_PAUSE_MS);
      await reader.page.getByLabel('Nội dung').fill(text);
      await reader.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await reader.page.getByText('Ý kiến của bạn đang chờ duyệt').waitFor();
      await axeClean(reader.page, 'comment received');
      await reader.page.goto(`${server.url}/tai-khoan`);
      assert.ok((await reader.page.locator('#y-kien-cua-toi + ul').innerText()).includes(text));
      await axeClean(reader.page, '/tai-khoan');

      const guestBefore = await open(js);
      await guestBefore.page.goto(articleUrl);
      assert.equal(await guestBefore.page.getByText(text).count(), 0, 'not shown before approval');

      const editor = await open(js);
      await signInWithForm(editor.page, server.url, ADMIN);
      await editor.page.goto(`${server.url}/quan-tri/y-kien`);
      await axeClean(editor.page, '/quan-tri/y-kien');
      const item = editor.page.locator('.queue-item', { hasText: text });
      await item.getByRole('button', { name: 'Duyệt' }).click();
      await editor.page.getByText('Đã xử lý 1 ý kiến').waitFor();

      const guest = await open(js);
      await guest.page.goto(articleUrl);
      assert.equal(
        await guest.page.locator('.comment-body', { hasText: text }).count(),
        1,
        'visible to a guest on the next view',
      );
      assert.match(await guest.page.locator('#y-kien').innerText(), /Ý KIẾN BẠN ĐỌC \(\d+\)/);
      await axeClean(guest.page, 'article with comments');
      for (const p of [reader, editor, guest, guestBefore]) assert.deepEqual(p.errors, []);
    });
  }

  for (const js of [true, false]) {
    test(`a guest fixes, then deletes, their own comment within 10 minutes (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const tag = js ? 'co-js' : 'khong-js';
      const guest = await open(js);
      await guest.page.goto(articleUrl);
      await guest.page.waitForTimeout(HUMAN_PAUSE_MS);
      await guest.page.getByLabel('Họ tên').fill(`Khách ${tag}`);
      await guest.page.getByLabel('Email (không hiển thị)').fill(`khach-${tag}@example.vn`);
      await guest.page.getByLabel('Nội dung').fill(`Ý kiến của khách (${tag}) có lỗi chinh tả.`);
      await guest.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await guest.page.getByText('Ý kiến của bạn đang chờ duyệt').waitFor();
      await axeClean(guest.page, 'comment received, with edit and delete');

      await guest.page.getByRole('link', { name: 'Sửa', exact: true }).click();
      await guest.page.getByRole('heading', { name: 'Sửa ý kiến' }).waitFor();
      await axeClean(guest.page, 'own comment edit page');
      const fixed = `Ý kiến của khách (${tag}) đã sửa chính tả.`;
      await guest.page.getByLabel('Nội dung').fill(fixed);
      await guest.page.getByRole('button', { name: 'Lưu' }).click();
      const own = guest.page.locator('.own-comments');
      await own.getByText(fixed).waitFor();
      assert.match(await own.innerText(), /Chờ duyệt/);
      await axeClean(guest.page, 'article with the guest’s own pending comment');

      const other = await open(js);
      await other.page.goto(articleUrl);
      assert.equal(await other.page.getByText(fixed).count(), 0, 'nobody else sees it');

      await own.getByRole('button', { name: 'Xóa' }).click();
      await guest.page.waitForURL((u) => u.pathname === new URL(articleUrl).pathname);
      assert.equal(await guest.page.locator('.own-comments').count(), 0, 'deleted, and the page is shared again');
      assert.equal(await guest.page.getByText(fixed).count(), 0);
      for (const p of [guest, other]) assert.deepEqual(p.errors, []);
    });
  }

  test('the other new pages pass axe', async () => {
    const guest = await open();
    // A live set-password link, as `toasoan user add` prints for staff without a password.
    const invited = await runCli(['user', 'add', '--email', 'moi@example.vn', '--role', 'author'], env);
    const setPassword = /\/dat-lai-mat-khau\/[\w-]{43}/.exec(invited.stdout)![0];
    for (const url of ['/dang-nhap', '/quen-mat-khau', setPassword, '/dat-lai-mat-khau/khong-co']) {
      await guest.page.goto(server.url + url);
      await axeClean(guest.page, url);
    }
    await guest.page.goto(articleUrl);
    await guest.page.locator('.comment-actions a', { hasText: 'Trả lời' }).first().click();
    await guest.page.getByRole('heading', { name: 'Trả lời ý kiến' }).waitFor();
    await axeClean(guest.page, 'reply page');
    const admin = await open();
    await signInWithForm(admin.page, server.url, ADMIN);
    for (const url of ['/tai-khoan', '/quan-tri/y-kien/cai-dat', '/quan-tri/y-kien?trang-thai=da-duyet']) {
      await admin.page.goto(server.url + url);
      await axeClean(admin.page, url);
    }
    await admin.page.locator('.queue-item a', { hasText: 'Sửa hoặc trả lời' }).first().click();
    await axeClean(admin.page, 'comment edit page');
    await admin.page.goto(`${server.url}/quan-tri/nguoi-dung`);
    await axeClean(admin.page, '/quan-tri/nguoi-dung');
    await admin.page.goto(`${server.url}/tai-khoan`);
    await admin.page.locator('#f-2fa-mk').fill(ADMIN.password);
    await admin.page.getByRole('button', { name: 'Bật xác thực hai bước' }).click();
    await admin.page.getByLabel('Mã xác thực').waitFor();
    await axeClean(admin.page, 'two-factor setup page');
    const secret = (await admin.page.locator('.totp-secret dd code').first().innerText()).replace(/\s/g, '');
    await admin.page.getByLabel('Mã xác thực').fill(totpAt(secret, new Date()));
    await admin.page.getByRole('button', { name: 'Xác nhận' }).click();
    await admin.page.getByRole('heading', { name: 'Mã khôi phục' }).waitFor();
    await axeClean(admin.page, 'recovery codes page');
    const recovery = await admin.page.locator('.recovery-codes code').first().innerText();
    // The second step of signing in, passed with a recovery code (the app's code of this window is used up).
    const again = await open();
    await again.page.goto(`${server.url}/dang-nhap`);
    await again.page.getByLabel('Địa chỉ email').fill(ADMIN.email);
    await again.page.getByLabel('Mật khẩu').fill(ADMIN.password);
    await again.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await again.page.getByRole('heading', { name: 'Xác thực hai bước' }).waitFor();
    await axeClean(again.page, '/dang-nhap/xac-thuc');
    await again.page.getByLabel('Mã xác thực').fill(recovery);
    await again.page.getByRole('button', { name: 'Xác nhận' }).click();
    await again.page.waitForURL((u) => !u.pathname.startsWith('/dang-nhap'));
    await guest.page.goto(articleUrl);
    await guest.page.locator('.comment-actions a', { hasText: 'Báo vi phạm' }).first().click();
    await guest.page.getByText('Bạn muốn báo ý kiến dưới đây').waitFor();
    await axeClean(guest.page, 'report page');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { insertComment } from '../../src/comments/comments.repo.js';
import { makeUser } from '../support/accounts.js';
import { launchBrowser, runAxe, signedInPage } from '../support/browser.js';
import { makeArticle, makeCategory } from '../support/factories.js';
import { STAFF_PASSWORD } from '../support/staff.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const WIDTHS = [1280, 390] as const;
/** Every newsroom page an admin can open from the menu and the dashboard, by path; an article's own pages are added below. */
const PAGES = [
  '/quan-tri',
  '/quan-tri/bai-viet',
  '/quan-tri/bai-viet/moi',
  '/quan-tri/thu-vien',
  '/quan-tri/y-kien',
  '/quan-tri/chuyen-muc',
  '/quan-tri/nguoi-dung',
  '/quan-tri/cai-dat',
  '/quan-tri/nhat-ky',
  '/quan-tri/thung-rac',
  '/quan-tri/y-kien/cai-dat',
  '/quan-tri/cai-dat/trang-chu',
  '/quan-tri/chuyen-huong',
  '/quan-tri/webhook',
  '/quan-tri/van-ban',
  '/quan-tri/van-ban/moi',
  '/quan-tri/to-chuc',
  '/tai-khoan',
];

describe('the newsroom as a daily tool, in Chromium at 1280 and 390 px', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let articleId: number;
  let articlePath: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    t = await createTestApp('sqlite', { env: { PAGE_CACHE_SECONDS: '600' } });
    const categoryId = await makeCategory(t.site, { slug: 'xa-hoi', name: 'Xã hội' });
    const more: [string, string][] = [
      ['the-thao', 'Thể thao'],
      ['van-hoa', 'Văn hóa'],
      ['giai-tri', 'Giải trí'],
      ['cong-nghe', 'Công nghệ'],
    ];
    for (const [slug, name] of more) await makeCategory(t.site, { slug, name });
    const a = await makeArticle(t.site, {
      categoryId,
      title: 'Phố đi bộ mở thêm vào cuối tuần, người dân hào hứng tham gia các hoạt động',
    });
    articleId = a.id;
    articlePath = a.url;
    await makeUser(t, { email: 'quantri@example.vn', role: 'admin', name: 'Nguyễn Văn An', password: STAFF_PASSWORD });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  async function signIn(width: number): Promise<Page> {
    const page = await signedInPage(browser, base, width, { email: 'quantri@example.vn', password: STAFF_PASSWORD });
    contexts.push(page.context());
    return page;
  }

  for (const width of WIDTHS) {
    test(`${width} px: every newsroom page fits the screen and has no axe violations`, async () => {
      const page = await signIn(width);
      assert.match(await page.locator('.site-header').innerText(), /Nguyễn Văn An/);
      const failures: string[] = [];
      for (const path of [...PAGES, `/quan-tri/bai-viet/${articleId}`, `/quan-tri/bai-viet/${articleId}/phien-ban`]) {
        await page.goto(base + path);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) failures.push(`${path}: ${scrollWidth} px wide`);
        const violations = await runAxe(page);
        for (const v of violations) failures.push(`${path}: ${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      }
      assert.deepEqual(failures, []);
    });

    test(`${width} px: the staff bar on a public page, and sign-out from the newsroom`, async () => {
      const page = await signIn(width);
      await page.goto(base + articlePath);
      const bar = page.getByRole('navigation', { name: 'Thanh công cụ quản trị' });
      await bar.getByRole('link', { name: 'Sửa bài này' }).click();
      await page.waitForURL(`${base}/quan-tri/bai-viet/${articleId}`);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.waitForURL(`${base}/`);
      assert.equal(await page.locator('.staff-bar').count(), 0);
      await page.goto(`${base}/quan-tri`);
      assert.match(page.url(), /\/dang-nhap\?tiep=/);
    });
  }

  for (const width of WIDTHS) {
    test(`${width} px: locking a user asks first, says what it did, and is undone from the message`, async () => {
      await makeUser(t, { email: `khoa${width}@example.vn`, role: 'author', name: `Người Sẽ Khóa ${width}` });
      const page = await signIn(width);
      await page.goto(`${base}/quan-tri/nguoi-dung`);
      const row = page.locator('tr', { hasText: `Người Sẽ Khóa ${width}` });
      await row.getByRole('button', { name: /Khóa tài khoản/ }).click();
      await page.getByText(`Khóa tài khoản của Người Sẽ Khóa ${width}?`, { exact: false }).waitFor();
      assert.equal((await runAxe(page)).length, 0, 'the question page has no axe violations');
      await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      assert.match(await page.getByRole('status').first().innerText(), /Đã khóa tài khoản của Người Sẽ Khóa/);
      assert.match(await row.innerText(), /Đã khóa/);
      // A reload repeats nothing and the message is gone.
      await page.reload();
      assert.equal(await page.locator('.flash').count(), 0);
      assert.match(await row.innerText(), /Đã khóa/);
      // Locked again, then undone from the message.
      await row.getByRole('button', { name: /Mở khóa/ }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      await row.getByRole('button', { name: /Khóa tài khoản/ }).click();
      await page.getByRole('button', { name: 'Khóa tài khoản' }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      await page.locator('.flash').getByRole('button', { name: 'Hoàn tác' }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      assert.match(await page.locator('.flash').innerText(), /Đã mở khóa tài khoản của Người Sẽ Khóa/);
      assert.match(await row.innerText(), /Đang hoạt động|Chưa đặt mật khẩu/);
    });
  }

  for (const width of WIDTHS) {
    test(`${width} px: the first "Lưu nháp" of a new article says it saved a draft, once`, async () => {
      const page = await signIn(width);
      await page.goto(`${base}/quan-tri/bai-viet/moi`);
      await page.fill('#title', `Bản nháp đầu tiên ${width}`);
      await page.locator('.ProseMirror').click();
      await page.keyboard.type('Vài dòng đầu.');
      await Promise.all([
        page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/),
        page.getByRole('button', { name: 'Lưu nháp', exact: true }).click(),
      ]);
      assert.equal(
        await page.getByRole('status').first().innerText(),
        `Đã lưu bản nháp “Bản nháp đầu tiên ${width}”. Bài chưa hiện trên trang công khai.`,
      );
      await page.reload();
      assert.equal(await page.locator('.flash').count(), 0, 'a reload says nothing again');
    });

    test(`${width} px: "Chặn người gửi" asks first, stops the reader, is undone from the message, and is logged`, async () => {
      const name = `Bạn đọc Quá Khích ${width}`;
      const readerId = await makeUser(t, { email: `quakhich${width}@example.vn`, role: 'reader', name });
      await insertComment(
        t.database.handle.kysely,
        {
          article_id: articleId,
          parent_id: null,
          user_id: readerId,
          author_name: name,
          author_email: null,
          body: `Lời lẽ quá khích ${width}.`,
          status: 'pending',
          is_official: 0,
          ip: '',
          content_hash: `quá khích ${width}`,
        },
        new Date().toISOString(),
      );
      const page = await signIn(width);
      await page.goto(`${base}/quan-tri/y-kien`);
      const item = page.locator('.queue-item', { hasText: name });
      await item.getByRole('button', { name: 'Chặn người gửi' }).click();
      const question = page.locator('#hoi-lai');
      await question.waitFor();
      assert.match(await question.innerText(), new RegExp(`^Chặn tài khoản “${name}” gửi ý kiến\\?`));
      assert.deepEqual(await runAxe(page), [], 'the question has no axe violations');
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);
      await page.getByRole('button', { name: 'Chặn người gửi' }).click();
      await page.waitForURL(`${base}/quan-tri/y-kien`);
      assert.equal(await page.locator('.flash p').innerText(), `Đã chặn tài khoản “${name}” gửi ý kiến.`);
      assert.match(await item.innerText(), /Đã bị chặn gửi ý kiến/);
      assert.deepEqual(await runAxe(page), [], 'the queue with the message has no axe violations');
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);

      await page.locator('.flash').getByRole('button', { name: 'Bỏ chặn' }).click();
      await page.waitForURL(`${base}/quan-tri/y-kien`);
      assert.equal(await page.locator('.flash p').innerText(), `Đã bỏ chặn: tài khoản “${name}” lại gửi được ý kiến.`);
      assert.doesNotMatch(await item.innerText(), /Đã bị chặn/);

      await page.goto(`${base}/quan-tri/nhat-ky?hanh-dong=chan-nguoi-gui`);
      const log = await page.locator('main').innerText();
      assert.ok(log.includes(`Quản trị viên Nguyễn Văn An đã chặn tài khoản ${name} gửi ý kiến.`), log);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= width);
    });
  }

  test('390 px: on the edit page the workflow comes first and Save stays on screen', async () => {
    // As on most working days, a comment waits: its note above the page once pushed Save off the first screen.
    await insertComment(
      t.database.handle.kysely,
      {
        article_id: articleId,
        parent_id: null,
        user_id: null,
        author_name: 'Khách',
        author_email: 'khach@example.vn',
        body: 'Ý kiến đang chờ duyệt.',
        status: 'pending',
        is_official: 0,
        ip: '',
        content_hash: 'đang chờ duyệt',
      },
      new Date().toISOString(),
    );
    const page = await signIn(390);
    await page.goto(`${base}/quan-tri/bai-viet/${articleId}`);
    assert.equal(await page.locator('.staff-note').count(), 1);
    const save = page.getByRole('button', { name: 'Lưu thay đổi' });
    const box = await save.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 844, `save at ${box?.y}`);
    // Scrolled to the end, Save is still there, and covers nothing: the page ends above it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const end = await save.boundingBox();
    assert.ok(end && end.y >= 0 && end.y + end.height <= 844, `save at ${end?.y} after scrolling`);
    const [contentEnd, barTop] = await page.evaluate(() => [
      document.querySelector('.edit-layout')!.lastElementChild!.getBoundingClientRect().bottom,
      document.querySelector('.article-form > .actions')!.getBoundingClientRect().top,
    ]);
    assert.ok(contentEnd! <= barTop!, `the page's last part ends at ${contentEnd}, the bar starts at ${barTop}`);
    const workflow = await page.locator('.workflow').boundingBox();
    const form = await page.locator('.article-form').boundingBox();
    assert.ok(workflow && form && workflow.y < form.y, 'the workflow is above the form');
  });

  test('390 px: the public header takes at most a fifth of the first screen and opens its menu from a button', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base + '/');
    const height = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(height <= 844 * 0.2, `header ${height} px of 844`);
    const menuLink = page.locator('.site-nav').getByRole('link', { name: 'Văn hóa' });
    assert.equal(await menuLink.isVisible(), false);
    await page.getByText('Chuyên mục', { exact: true }).click();
    assert.equal(await menuLink.isVisible(), true);
  });
});

/**
 * In Chromium at 1280 and 390 px: an article's history page (revisions and workflow steps, axe-clean), the
 * "Đăng ký" link in the public header, a comment sent without leaving the article, and the search page's
 * dd/mm/yyyy date filters.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Actor } from '../../src/accounts/roles.js';
import {
  createArticle,
  publishArticle,
  returnArticle,
  submitArticle,
  updateArticle,
} from '../../src/newsroom/newsroom.service.js';
import { makeUser, STAFF_PASSWORD } from '../support/accounts.js';
import { launchBrowser, runAxe, signInWithForm } from '../support/browser.js';
import { makeArticle, makeCategory } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const WIDTHS = [1280, 390] as const;
const PHONE_HEIGHT = 844;

describe('history and the public site’s small things, in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let historyPath: string;
  let articlePath: string;
  // The comment form refuses posts made faster than a person types: the clock moves on instead of the test waiting.
  let offset = 0;
  const contexts: BrowserContext[] = [];

  before(async () => {
    t = await createTestApp('sqlite', { now: () => new Date(Date.now() + offset) });
    const categoryId = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
    for (const [slug, name] of [
      ['giao-duc', 'Giáo dục'],
      ['y-te', 'Y tế'],
      ['van-hoa', 'Văn hóa'],
    ] as const)
      await makeCategory(t.site, { slug, name });
    const published = await makeArticle(t.site, {
      categoryId,
      title: 'Ngày hội khoa học cho học sinh toàn tỉnh',
      body: '<p>Hơn một nghìn học sinh tham gia ngày hội.</p>',
      publishedAt: '2024-02-20T02:00:00.000Z',
    });
    articlePath = published.url;
    const authorId = await makeUser(t, { email: 'pv@example.vn', role: 'author', name: 'Lê Thị An' });
    const editorId = await makeUser(t, { email: 'bt@example.vn', role: 'editor', name: 'Trần Văn Chi' });
    const author: Actor = { id: authorId, role: 'author', displayName: 'Lê Thị An' };
    const editor: Actor = { id: editorId, role: 'editor', displayName: 'Trần Văn Chi' };
    const content = (bodyHtml: string) => ({
      title: 'Hội thảo chuyển đổi số',
      sapo: 'Sapo',
      bodyHtml,
      byline: '',
      categoryId,
      tags: [],
      allowComments: true,
    });
    const deps = t.site.deps;
    // A second between steps, as between people's clicks: the history's order is the order of the times.
    const later = () => (offset += 1000);
    let a = await createArticle(deps, author, content('<p>Mở đầu.</p><p>Kết quả</p>'));
    later();
    a = await submitArticle(deps, author, a.id, { version: a.version });
    later();
    a = await returnArticle(deps, editor, a.id, { version: a.version, note: 'Cần thêm nguồn.' });
    later();
    a = await updateArticle(deps, author, a.id, {
      ...content('<p>Mở đầu, xem <a href="https://skhcn.example.vn">Sở</a>.</p><h2>Kết quả</h2>'),
      version: a.version,
    });
    later();
    a = await submitArticle(deps, author, a.id, { version: a.version });
    later();
    await publishArticle(deps, editor, a.id, { version: a.version, at: '2099-12-24T01:00:00.000Z' });
    historyPath = `/quan-tri/bai-viet/${a.id}/phien-ban`;
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
  });

  async function open(width: number, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: PHONE_HEIGHT },
      bypassCSP: true,
      locale: 'vi-VN',
      javaScriptEnabled,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error: ${err.message}`));
    return page;
  }

  async function axeClean(page: Page, label: string) {
    const violations = await runAxe(page);
    assert.deepEqual(
      violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`),
      [],
      label,
    );
  }

  for (const width of WIDTHS) {
    test(`${width} px: the history page lists Bản 1, 2 and the steps between them, and passes axe`, async () => {
      const page = await open(width);
      await signInWithForm(
        page,
        base,
        { email: 'bt@example.vn', password: STAFF_PASSWORD },
        { landsOn: `${base}/quan-tri` },
      );
      await page.goto(base + historyPath);
      const text = await page.locator('.history-list').innerText();
      assert.equal(await page.locator('.history-list > li').count(), 6);
      const order = [
        /Trần Văn Chi đã hẹn giờ đăng bài “Hội thảo chuyển đổi số” lúc 08:00 24\/12\/2099\./,
        /Phóng viên Lê Thị An đã gửi bài “Hội thảo chuyển đổi số” cho biên tập\./,
        /Bản 2 · .* · Lê Thị An/,
        /Biên tập viên Trần Văn Chi đã trả lại bài “Hội thảo chuyển đổi số” với ghi chú: Cần thêm nguồn\./,
        /Phóng viên Lê Thị An đã gửi bài/,
        /Bản 1 · .* · Lê Thị An/,
      ];
      let from = 0;
      for (const line of order) {
        const at = text.slice(from).search(line);
        assert.ok(at >= 0, `${line} after the previous line in:\n${text}`);
        from += at + 1;
      }
      await page.getByRole('button', { name: 'So sánh' }).click();
      await page.waitForURL(/tu=\d+&den=\d+/);
      const formatting = await page.locator('.format-changes').innerText();
      assert.match(formatting, /Đoạn 1: thêm liên kết tới https:\/\/skhcn\.example\.vn \(“Sở”\)\./);
      assert.match(formatting, /Đoạn 2 thành tiêu đề lớn: “Kết quả”\./);
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no sideways scroll',
      );
      await axeClean(page, 'history page with a comparison');
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `history-${width}.png`), fullPage: true });
    });

    test(`${width} px: the public header offers Đăng ký beside Đăng nhập, within a fifth of a phone's screen`, async () => {
      const page = await open(width);
      await page.goto(base + '/');
      const signUp = page.locator('.site-header').getByRole('link', { name: 'Đăng ký', exact: true });
      const signIn = page.locator('.site-header').getByRole('link', { name: 'Đăng nhập', exact: true });
      assert.equal(await signUp.isVisible(), true);
      assert.equal(await signIn.isVisible(), true);
      const [up, inBox, menu] = await Promise.all([
        signUp.boundingBox(),
        signIn.boundingBox(),
        page.locator('.menu-button').boundingBox(),
      ]);
      assert.ok(up && inBox && up.x > inBox.x + inBox.width - 1, 'Đăng ký comes right after Đăng nhập');
      if (width === 390) {
        const height = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().height);
        assert.ok(height <= PHONE_HEIGHT * 0.2, `header ${height} px of ${PHONE_HEIGHT}`);
        const firstLink = await page
          .locator('.header-account a')
          .evaluateAll((els) => Math.min(...els.map((el) => el.getBoundingClientRect().left)));
        assert.ok(
          menu && menu.x + menu.width <= firstLink,
          `the links leave the menu button free: ${JSON.stringify(menu)}, ${firstLink} px`,
        );
        for (const link of [signIn, signUp])
          assert.equal(
            await link.evaluate((el) => {
              const r = el.getBoundingClientRect();
              return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
            }),
            true,
            'each link is on top where it is shown, so a tap reaches it',
          );
        assert.ok(up.x + up.width <= width, 'Đăng ký is on the screen');
      }
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
      await Promise.all([page.waitForURL(`${base}/dang-ky`), signUp.click()]);
      await page.getByRole('heading', { name: 'Đăng ký tài khoản' }).waitFor();
    });

    test(`${width} px: a comment is sent without leaving the article; the notice is shown and focused, the form emptied`, async () => {
      const page = await open(width);
      await page.goto(base + articlePath);
      await page.getByLabel('Họ tên').fill(`Khách ${width}`);
      await page.getByLabel('Email (không hiển thị)').fill(`khach${width}@example.vn`);
      const text = `Ý kiến gửi tại chỗ ở ${width} px, cảm ơn tòa soạn.`;
      await page.getByLabel('Nội dung').fill(text);
      offset += 10_000;
      await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      const notice = page.locator('#y-kien-da-gui');
      await notice.waitFor();
      assert.equal(new URL(page.url()).pathname, articlePath, 'still on the article');
      assert.match(await notice.innerText(), /Ý kiến của bạn đang chờ duyệt/);
      assert.equal(await page.getByLabel('Nội dung').inputValue(), '', 'the form is emptied');
      assert.match(
        await page.locator('.own-comments').innerText(),
        new RegExp(text),
        'listed at once among the reader’s own, where it can be changed',
      );
      assert.equal(await notice.evaluate((el) => el === document.activeElement), true, 'focus is on the notice');
      const box = (await notice.boundingBox())!;
      assert.ok(box.y >= 0 && box.y + box.height <= PHONE_HEIGHT, 'the notice is on the screen');
      await axeClean(page, 'article with the in-place notice');

      // A second post that the server refuses says why in the same place, keeping what was typed.
      await page.getByLabel('Nội dung').fill('Ngắn');
      await page.getByLabel('Nội dung').evaluate((el: HTMLTextAreaElement) => el.removeAttribute('minlength'));
      offset += 10_000;
      await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      const error = page.locator('.comments .form-error');
      await error.waitFor();
      assert.match(await error.innerText(), /[ộ]/, 'a Vietnamese reason');
      assert.equal(await page.locator('#y-kien-da-gui').count(), 0, 'the earlier notice gives way');
      assert.equal(await page.getByLabel('Nội dung').inputValue(), 'Ngắn');

      // The notice's edit link is the author's own, as on the page without scripts.
      await page.reload();
      assert.match(await page.locator('.own-comments').innerText(), new RegExp(text));
    });
  }

  for (const width of WIDTHS) {
    test(`${width} px, scripts off: the comment is posted, the browser comes back to the article at its notice, and a reload sends nothing`, async () => {
      const page = await open(width, false);
      await page.goto(base + articlePath);
      const text = `Ý kiến gửi khi tắt JavaScript ở ${width} px, vẫn được nhận.`;
      await page.getByLabel('Họ tên').fill('Khách không script');
      await page.getByLabel('Email (không hiển thị)').fill(`khong-script-${width}@example.vn`);
      await page.getByLabel('Nội dung').fill(text);
      offset += 10_000;
      await Promise.all([
        page.waitForURL((u) => u.pathname === articlePath && u.hash === '#y-kien-da-gui'),
        page.getByRole('button', { name: 'Gửi ý kiến' }).click(),
      ]);
      const notice = page.locator('#y-kien-da-gui');
      assert.match(await notice.innerText(), /Ý kiến của bạn đang chờ duyệt/);
      assert.match(await notice.innerText(), /Bạn có thể sửa hoặc xóa ý kiến này trong 10 phút/);
      assert.ok(
        await page.locator('.own-comments').getByRole('link', { name: 'Sửa' }).isVisible(),
        'its author may fix it at once, in the list of their own just above',
      );
      assert.equal(await page.getByLabel('Nội dung').inputValue(), '', 'the form is empty');
      const box = (await notice.boundingBox())!;
      assert.ok(
        box.y >= -1 && box.y + box.height <= PHONE_HEIGHT,
        `the page is scrolled to the notice: ${JSON.stringify(box)}`,
      );
      const sent = async () =>
        Number(
          (
            await t.database.handle.kysely
              .selectFrom('comments')
              .where('body', '=', text)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.equal(await sent(), 1);
      await page.reload();
      assert.equal(await page.locator('#y-kien-da-gui').count(), 0, 'the notice is said once');
      assert.match(
        await page.locator('.own-comments').innerText(),
        new RegExp(text),
        'still listed as the reader’s own',
      );
      assert.equal(await sent(), 1, 'the reload sent nothing again');
    });
  }

  for (const width of WIDTHS) {
    test(`${width} px: search dates are typed dd/mm/yyyy and come back so`, async () => {
      const page = await open(width);
      await page.goto(`${base}/tim-kiem?q=${encodeURIComponent('ngày hội')}`);
      await page.getByLabel('Từ ngày').fill('01/02/2024');
      await page.getByLabel('Đến ngày').fill('2024-02-29');
      await page.getByRole('button', { name: 'Tìm', exact: true }).last().click();
      // The browser holds back a day written another way, with the hint as its reason.
      assert.equal(await page.getByLabel('Đến ngày').evaluate((el: HTMLInputElement) => el.validity.valid), false);
      assert.equal(new URL(page.url()).searchParams.get('tu'), null, 'not sent');
      await page.getByLabel('Đến ngày').fill('29/02/2024');
      await Promise.all([
        page.waitForURL(/tu=01%2F02%2F2024/),
        page.getByRole('button', { name: 'Tìm', exact: true }).last().click(),
      ]);
      assert.equal(await page.getByLabel('Từ ngày').inputValue(), '01/02/2024');
      assert.equal(await page.getByLabel('Đến ngày').inputValue(), '29/02/2024');
      assert.match(await page.locator('.search-count').innerText(), /Tìm thấy 1 bài viết/);
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no sideways scroll',
      );
      await page.goto(`${base}/tim-kiem?q=${encodeURIComponent('ngày hội')}&tu=31/02/2024`);
      assert.match(await page.locator('main').innerText(), /Ngày không hợp lệ: hãy viết ngày\/tháng\/năm/);
      await axeClean(page, 'search page with a bad date');
    });
  }
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeUser } from '../support/accounts.js';
import { assertFitsAndClean, launchBrowser, signedInPage } from '../support/browser.js';
import { makeArticle, makeCategory } from '../support/factories.js';
import { STAFF_PASSWORD } from '../support/staff.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const WIDTHS = [1280, 390] as const;

describe('back-office lists, bulk actions, trash and the category tree in Chromium at 1280 and 390 px', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    t = await createTestApp('sqlite', { env: { PAGE_CACHE_SECONDS: '600' } });
    const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    await makeCategory(t.site, { slug: 'trong-nuoc', name: 'Trong nước', parentSlug: 'tin-tuc' });
    await makeCategory(t.site, { slug: 'the-gioi', name: 'Thế giới', parentSlug: 'tin-tuc' });
    await makeCategory(t.site, { slug: 'kinh-te', name: 'Kinh tế' });
    for (const width of WIDTHS)
      for (const n of [1, 2, 3])
        await makeArticle(t.site, {
          categoryId: news,
          title: `Tin ${width} số ${n}: mùa lúa mới ở đồng bằng sông Cửu Long`,
        });
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

  /**
   * The article list's layout as laid out: at 390 px each row is a card (a bordered block whose cells stack, one
   * under the other at the same left edge, the column heads read out but not drawn); at 1280 px a table row whose
   * cells sit side by side. Fitting the width alone would not tell the two apart from a squeezed table.
   */
  async function rowsAreCards(page: Page, width: number) {
    const row = await page
      .locator('.bulk-form tbody tr')
      .first()
      .evaluate((tr) => {
        // No helper functions in here: the test's compiler would name them with a function the page lacks.
        const head = tr.closest('table')!.querySelector('thead')!;
        return {
          display: getComputedStyle(tr).display,
          border: getComputedStyle(tr).borderTopWidth,
          width: tr.getBoundingClientRect().width,
          cells: [...tr.querySelectorAll('td')].map((td) => ({
            left: Math.round(td.getBoundingClientRect().left),
            top: td.getBoundingClientRect().top,
          })),
          headHeight: head.getBoundingClientRect().height,
        };
      });
    assert.ok(row.cells.length >= 4, `${row.cells.length} cells`);
    const tops = row.cells.map((c) => c.top);
    const lefts = row.cells.map((c) => c.left);
    if (width === 390) {
      assert.equal(row.display, 'block', 'the row is a block, not a table row');
      assert.equal(row.border, '1px', 'drawn as a card');
      assert.ok(row.width <= width && row.width >= width * 0.8, `a card across the screen: ${row.width} px`);
      assert.equal(new Set(lefts).size, 1, `the cells stack at one left edge: ${lefts.join(', ')}`);
      for (let i = 1; i < tops.length; i++) assert.ok(tops[i]! > tops[i - 1]!, `cell ${i} under cell ${i - 1}`);
      assert.ok(row.headHeight <= 1, 'the column heads are not drawn');
    } else {
      assert.equal(row.display, 'table-row');
      assert.equal(new Set(tops.map(Math.round)).size, 1, 'the cells share one line');
      for (let i = 1; i < lefts.length; i++) assert.ok(lefts[i]! > lefts[i - 1]!, `cell ${i} right of cell ${i - 1}`);
      assert.ok(row.headHeight > 10, 'the column heads are drawn');
    }
  }

  for (const width of WIDTHS) {
    test(`${width} px: tick two articles, trash them after one question, see them leave the public site, and undo`, async () => {
      const page = await signIn(width);
      const title = (n: number) => `Tin ${width} số ${n}: mùa lúa mới ở đồng bằng sông Cửu Long`;
      const publicUrl = `${base}/tin-tuc`;
      const reader = await (await browser.newContext()).newPage();
      await reader.goto(publicUrl);
      assert.equal(await reader.getByText(title(1)).count(), 1);

      // Filter by status and headline: the filters stay in the address.
      await page.goto(`${base}/quan-tri/bai-viet`);
      await page.selectOption('#trang-thai', 'published');
      await page.fill('#q', `Tin ${width}`);
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/trang-thai=published/);
      assert.match(page.url(), new RegExp(`q=Tin\\+${width}`));
      await assertFitsAndClean(page, width, 'the filtered list');
      await rowsAreCards(page, width);

      // "Chọn tất cả" ticks every row of the list and says when only some are ticked.
      const all = page.getByRole('checkbox', { name: 'Chọn tất cả' });
      const rows = page.locator('.bulk-form input[name="ids"]');
      const ticked = () => rows.evaluateAll((boxes) => boxes.filter((b) => (b as HTMLInputElement).checked).length);
      assert.ok((await rows.count()) >= 2);
      await all.check();
      assert.equal(await ticked(), await rows.count());
      await page.getByRole('checkbox', { name: `Chọn “${title(1)}”` }).uncheck();
      assert.equal(await all.evaluate((b) => (b as HTMLInputElement).indeterminate), true);
      assert.equal(await all.isChecked(), false);
      await page.getByRole('checkbox', { name: `Chọn “${title(1)}”` }).check();
      assert.equal(await all.isChecked(), true, 'every row ticked by hand ticks it too');
      await all.uncheck();
      assert.equal(await ticked(), 0);
      await assertFitsAndClean(page, width, 'the list with its select-all box');

      await page.getByRole('checkbox', { name: `Chọn “${title(1)}”` }).check();
      await page.getByRole('checkbox', { name: `Chọn “${title(2)}”` }).check();
      await page.selectOption('#hang-loat', 'trash');
      await page.getByRole('button', { name: 'Thực hiện' }).click();
      const question = page.locator('#hoi-lai');
      await question.waitFor();
      assert.match(await question.innerText(), /^Chuyển vào thùng rác 2 bài: “.+”, “.+”\?$/);
      assert.ok((await question.innerText()).includes(title(1)) && (await question.innerText()).includes(title(2)));
      await assertFitsAndClean(page, width, 'the question');
      await page.getByRole('button', { name: 'Chuyển vào thùng rác' }).click();
      await page.waitForURL(/\/quan-tri\/bai-viet\?trang-thai=published/);
      assert.match(await page.getByRole('status').first().innerText(), /Đã chuyển 2 bài vào thùng rác\./);
      assert.equal(await page.getByRole('link', { name: title(1) }).count(), 0);
      await assertFitsAndClean(page, width, 'the list after the action');

      await reader.reload();
      assert.equal(await reader.getByText(title(1)).count(), 0, 'gone from the public category page at once');
      assert.equal(await reader.getByText(title(3)).count(), 1);

      // A reload repeats nothing; the message has gone, the articles stay in the trash.
      await page.reload();
      assert.equal(await page.locator('.flash').count(), 0);
      await page.goto(`${base}/quan-tri/thung-rac`);
      assert.equal(await page.getByRole('cell', { name: title(1), exact: true }).count(), 1);
      await assertFitsAndClean(page, width, 'the trash');

      // Restore one from the trash page itself.
      await page.getByRole('checkbox', { name: `Chọn “${title(2)}”` }).check();
      await page.selectOption('#thung-rac-thao-tac', 'restore');
      await page.getByRole('button', { name: 'Thực hiện' }).click();
      await page.waitForURL(`${base}/quan-tri/thung-rac`);
      assert.match(await page.getByRole('status').first().innerText(), /Đã khôi phục 1 mục từ thùng rác\./);
      await reader.reload();
      assert.equal(await reader.getByText(title(2)).count(), 1);
      await reader.context().close();
    });

    test(`${width} px: the category tree: one edit form, move up, refused delete with the count, delete and undo`, async () => {
      const page = await signIn(width);
      await page.goto(`${base}/quan-tri/chuyen-muc`);
      await assertFitsAndClean(page, width, 'the tree');
      await page.getByRole('link', { name: 'Sửa chuyên mục “Thế giới”' }).click();
      await page.waitForURL(/\?sua=\d+/);
      assert.equal(await page.locator('form.category-form legend', { hasText: 'Sửa chuyên mục' }).count(), 1);
      await assertFitsAndClean(page, width, 'the tree with an edit form');
      await page.getByRole('link', { name: 'Đóng' }).click();

      const names = () => page.locator('.category-name strong').allInnerTexts();
      assert.deepEqual((await names()).slice(0, 3), ['Tin tức', 'Trong nước', 'Thế giới']);
      await page.getByRole('button', { name: 'Chuyển “Thế giới” lên trên' }).click();
      await page.getByText('Đã đổi thứ tự của chuyên mục “Thế giới”.').waitFor();
      assert.deepEqual((await names()).slice(0, 3), ['Tin tức', 'Thế giới', 'Trong nước']);
      // And back down, so the other width starts from the same tree.
      await page.getByRole('button', { name: 'Chuyển “Thế giới” xuống dưới' }).click();
      await page.getByText('Đã đổi thứ tự của chuyên mục “Thế giới”.').waitFor();
      assert.deepEqual((await names()).slice(0, 3), ['Tin tức', 'Trong nước', 'Thế giới']);

      await page.getByRole('button', { name: 'Xóa chuyên mục “Tin tức”' }).click();
      await page.getByRole('button', { name: 'Xóa' }).click();
      assert.match(
        await page.getByRole('alert').first().innerText(),
        /Không xóa được chuyên mục “Tin tức”: còn 2 chuyên mục con/,
      );

      await page.getByRole('button', { name: 'Xóa chuyên mục “Kinh tế”' }).click();
      await page.getByText('Chuyển chuyên mục “Kinh tế” vào thùng rác?').waitFor();
      await page.getByRole('button', { name: 'Xóa' }).click();
      await page.waitForURL(`${base}/quan-tri/chuyen-muc`);
      assert.match(
        await page.getByRole('status').first().innerText(),
        /Đã chuyển chuyên mục “Kinh tế” vào thùng rác\./,
      );
      assert.equal(await page.locator('.category-name strong', { hasText: 'Kinh tế' }).count(), 0);
      await assertFitsAndClean(page, width, 'the tree with the undo message');
      await page.getByRole('button', { name: 'Hoàn tác' }).click();
      await page.getByText('Đã khôi phục “Kinh tế”.').waitFor();
      assert.equal(await page.locator('.category-name strong', { hasText: 'Kinh tế' }).count(), 1);
    });

    test(`${width} px: people, media and comment lists filter without scripts' help and stay clean`, async () => {
      const page = await signIn(width);
      await page.goto(`${base}/quan-tri/nguoi-dung`);
      await page.fill('#tim-nguoi', 'nguyễn');
      await page.selectOption('#loc-vai-tro', 'admin');
      await page.getByRole('button', { name: 'Tìm' }).click();
      await page.waitForURL(/vai-tro=admin/);
      assert.equal(await page.getByRole('cell', { name: 'Nguyễn Văn An', exact: true }).count(), 1);
      await assertFitsAndClean(page, width, 'people');
      for (const path of [
        '/quan-tri/thu-vien?loai=anh',
        '/quan-tri/y-kien?q=l%C3%BAa',
        '/quan-tri/thung-rac?loai=rac',
      ]) {
        await page.goto(base + path);
        await assertFitsAndClean(page, width, path);
      }
      assert.match(await page.getByRole('alert').first().innerText(), /Loại cần lọc không hợp lệ/);
    });
  }
});

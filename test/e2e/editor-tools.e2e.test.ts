import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { makeUser } from '../support/accounts.js';
import { launchBrowser, runAxe, signInWithForm } from '../support/browser.js';
import { checkHtml } from '../support/vnu.js';
import { makeCategory } from '../support/factories.js';
import { pasteHtml } from '../support/paste.js';
import { STAFF_PASSWORD } from '../support/staff.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const fixture = (name: string) => readFileSync(new URL(`../fixtures/paste/${name}`, import.meta.url), 'utf8');
const WIDTHS = [1280, 390] as const;

const body = (page: Page) => page.locator('textarea[name=bodyHtml]').inputValue();
const tool = (page: Page, name: string) => page.locator('.editor-toolbar').getByRole('button', { name, exact: true });

/** Each fixture and the clean HTML it must become: headings, lists, tables, bold, italic and links; nothing else. */
const PASTED: [string, string][] = [
  [
    'word.html',
    '<h2>Báo cáo sơ kết quý III</h2>' +
      '<p>Trong quý, Sở đã <strong>hoàn thành 12 nhiệm vụ</strong> và <em>thí điểm</em> dịch vụ công trực tuyến. Xem tại <a href="https://dichvucong.example.vn/trang-chu">Cổng dịch vụ công</a>.</p>' +
      '<h3>Việc đã làm</h3>' +
      '<ul><li><p>Rà soát thủ tục hành chính</p><ul><li><p>Cấp tỉnh: <strong>45</strong> thủ tục</p></li></ul></li><li><p>Tập huấn cán bộ một cửa</p></li></ul>' +
      '<p>Bước tiếp theo:</p>' +
      '<ol><li><p>Tổng hợp ý kiến</p></li><li><p>Trình Ủy ban nhân dân tỉnh</p></li></ol>' +
      '<table><tbody><tr><td><p><strong>Chỉ tiêu</strong></p></td><td><p><strong>Kết quả</strong></p></td></tr>' +
      '<tr><td><p>Hồ sơ trực tuyến</p></td><td><p>1.250</p></td></tr></tbody></table>' +
      '<p>Hết.</p>',
  ],
  [
    'google-docs.html',
    '<h2>Lịch tiếp công dân tháng 12</h2>' +
      '<p>Lãnh đạo Sở tiếp công dân vào <strong>thứ Năm hằng tuần</strong> <em>(trừ ngày lễ)</em>, tại <a href="https://so.example.vn/lien-he">trụ sở Sở</a>.</p>' +
      '<h3>Giờ tiếp</h3>' +
      '<ul><li><p>Sáng: 7 giờ 30 đến 11 giờ</p></li><li><p>Chiều: 13 giờ 30 đến 16 giờ 30</p></li></ul>' +
      '<table><tbody><tr><td><p><strong>Ngày</strong></p></td><td><p><strong>Người tiếp</strong></p></td></tr>' +
      '<tr><td><p>11/12</p></td><td><p>Giám đốc Sở</p></td></tr></tbody></table>',
  ],
  [
    'news-site.html',
    '<p>Chiều 4/12, <strong>Ủy ban nhân dân tỉnh</strong> họp bàn kế hoạch chuyển đổi số năm tới.</p>' +
      '<p><em>Toàn cảnh cuộc họp. Ảnh: Báo Khác</em></p>' +
      '<h3>Ưu tiên hạ tầng số</h3>' +
      '<p>Theo <a href="https://baokhac.example/bao-cao.html">báo cáo</a>, tỉnh cần khoảng 120 tỷ đồng.</p>' +
      '<blockquote><p>Không có chuyển đổi số thì không có chính quyền số.</p></blockquote>' +
      '<table><thead><tr><th scope="col"><p>Năm</p></th><th scope="col"><p>Vốn</p></th></tr></thead><tbody><tr><td><p>2026</p></td><td><p>120 tỷ</p></td></tr></tbody></table>' +
      '<p><strong>Nhóm phóng viên</strong></p>',
  ],
];

async function photo(background: string): Promise<Buffer> {
  return sharp({ create: { width: 900, height: 600, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

/** The body without the attributes Tiptap adds to every cell, so the structure reads plainly. */
const plainCells = (html: string) => html.replace(/ colspan="1" rowspan="1"/g, '');

describe('the article editor’s tools in Chromium at 1280 and 390 px, saved and shown on the public page', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let dataDir: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-editor-tools-'));
    t = await createTestApp('sqlite', { env: { DATA_DIR: dataDir } });
    await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
    await makeUser(t, { email: 'bientap@example.vn', role: 'admin', name: 'Trần Thu Hà', password: STAFF_PASSWORD });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function newArticle(width: number): Promise<Page> {
    // bypassCSP only lets axe-core in; editor.e2e.test.ts runs the editor under the real CSP.
    const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true, locale: 'vi-VN' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error: ${err.message}`));
    await signInWithForm(
      page,
      base,
      { email: 'bientap@example.vn', password: STAFF_PASSWORD },
      { next: '/quan-tri/bai-viet/moi', landsOn: /\/quan-tri\/bai-viet\/moi$/ },
    );
    await page.waitForSelector('.ProseMirror');
    return page;
  }

  for (const width of WIDTHS) {
    test(`${width} px: the toolbar is named in Vietnamese, shows its shortcuts, fits a thumb, and passes axe`, async () => {
      const page = await newArticle(width);
      for (const [name, keys] of [
        ['Tiêu đề 2', 'Control+Alt+2'],
        ['Đậm', 'Control+B'],
        ['Nghiêng', 'Control+I'],
        ['Liên kết', 'Control+K'],
        ['Danh sách', 'Control+Shift+8'],
      ] as const) {
        assert.equal(await tool(page, name).getAttribute('aria-keyshortcuts'), keys, name);
        assert.equal(await tool(page, name).getAttribute('title'), `${name} (${keys.replace('Control', 'Ctrl')})`);
      }
      await tool(page, 'Bảng').waitFor();
      assert.equal(await page.getByLabel('Ảnh', { exact: true }).getAttribute('type'), 'file');
      const small = await page.locator('.editor-toolbar .tool').evaluateAll((els) =>
        els
          .map((el) => ({ name: el.textContent, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width < 44 || box.height < 44)
          .map(({ name, box }) => `${name}: ${box.width}×${box.height}`),
      );
      assert.deepEqual(small, [], 'every tool is at least 44 × 44 px');
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        true,
        'nothing sticks out sideways',
      );
      // The cover and the featured flag are beside the title, not folded away under the SEO options.
      assert.equal(await page.locator('details.seo #coverMediaId').count(), 0);
      assert.equal(await page.locator('.title-options #coverMediaId').count(), 1);
      assert.equal(await page.locator('.title-options').getByLabel('Tin nổi bật').getAttribute('type'), 'checkbox');

      if (width === 1280) {
        // The page as the server sends it, dialogs included, before the script enhances it.
        const { editor } = await checkHtml({ editor: await (await page.request.get(page.url())).text() });
        assert.deepEqual(editor, [], 'valid HTML');
      }
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
      await page.keyboard.press('Tab');
      await page.locator('.ProseMirror').click();
      await page.keyboard.press('Control+k');
      await page.locator('[data-link-dialog]').waitFor();
      const inDialog = await runAxe(page);
      assert.deepEqual(inDialog, [], `with the link dialog open: ${JSON.stringify(inDialog, null, 2)}`);
      await page.screenshot({ path: `${SHOTS}editor-link-dialog-${width}.png` });
    });

    test(`${width} px: typing right after a toolbar click loses no character; Ctrl+B and Ctrl+I work`, async () => {
      const page = await newArticle(width);
      await page.locator('.ProseMirror').click();
      await page.keyboard.type('Mở đầu ');
      await tool(page, 'Đậm').click();
      // No pause: the first keystroke comes at once, as a fast typist's would.
      await page.keyboard.type('chữ đậm');
      assert.equal(await tool(page, 'Đậm').getAttribute('aria-pressed'), 'true');
      await tool(page, 'Đậm').click();
      await page.keyboard.type(' rồi ');
      await page.keyboard.press('Control+i');
      await page.keyboard.type('nghiêng');
      await page.keyboard.press('Control+i');
      await page.keyboard.press('Control+b');
      await page.keyboard.type(' và đậm');
      await page.keyboard.press('Control+b');
      await page.keyboard.type(' cuối');
      await tool(page, 'Tiêu đề 2').click();
      await page.keyboard.type('!');
      assert.equal(
        await body(page),
        '<h2>Mở đầu <strong>chữ đậm</strong> rồi <em>nghiêng</em><strong> và đậm</strong> cuối!</h2>',
      );
    });

    test(`${width} px: pasting from Word, Google Docs and a news site keeps the structure and drops the rest`, async () => {
      const page = await newArticle(width);
      await page.locator('.ProseMirror').click();
      for (const [name, expected] of PASTED) {
        await page.keyboard.press('Control+a');
        await page.keyboard.press('Delete');
        await pasteHtml(page, fixture(name));
        assert.equal(plainCells(await body(page)), expected, name);
      }
      assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="ads.example"]').length), 0);
    });

    test(`${width} px: tables, images and links, saved, published and shown on the public page`, async () => {
      const page = await newArticle(width);
      const title = `Bài thử công cụ soạn thảo ${width}`;
      await page.fill('#title', title);
      await page.getByLabel('Tin nổi bật').check();
      await page.locator('.ProseMirror').click();
      await page.keyboard.type('Đọc thêm ');

      // Links: a dialog with text, address and "open in a new tab"; a bad address is refused in Vietnamese.
      const link = page.locator('[data-link-dialog]');
      await tool(page, 'Liên kết').click();
      await link.getByLabel('Chữ hiển thị').fill('Cổng Chính phủ');
      await link.getByLabel('Địa chỉ').fill('javascript:alert(1)');
      await link.getByRole('button', { name: 'Áp dụng' }).click();
      assert.match((await link.getByRole('alert').textContent())!, /^Địa chỉ liên kết chưa đúng/);
      assert.equal(await link.getByLabel('Địa chỉ').getAttribute('aria-invalid'), 'true');
      await link.getByLabel('Địa chỉ').fill('chinhphu.example.vn');
      await link.getByLabel('Mở trong thẻ mới').check();
      await link.getByLabel('Địa chỉ').press('Enter');
      assert.equal(
        await link.isVisible(),
        false,
        'Enter applies and closes the dialog, without submitting the article',
      );
      assert.match(page.url(), /\/moi$/);
      await page.keyboard.type(' và ');
      await page.keyboard.press('Control+k');
      await link.getByLabel('Chữ hiển thị').fill('liên hệ');
      await link.getByLabel('Địa chỉ').fill('mailto:toasoan@example.vn');
      await link.getByRole('button', { name: 'Áp dụng' }).click();
      await page.keyboard.type(' hoặc ');
      await page.keyboard.press('Control+k');
      await link.getByLabel('Chữ hiển thị').fill('trang cũ');
      await link.getByLabel('Địa chỉ').fill('/gioi-thieu');
      await link.getByRole('button', { name: 'Áp dụng' }).click();
      await page.keyboard.type('.');
      assert.equal(
        await body(page),
        '<p>Đọc thêm <a target="_blank" rel="noopener" href="https://chinhphu.example.vn">Cổng Chính phủ</a> và <a href="mailto:toasoan@example.vn">liên hệ</a> hoặc <a href="/gioi-thieu">trang cũ</a>.</p>',
      );
      // Edit one link, remove another: the caret in a link opens the dialog filled in.
      await page.locator('.ProseMirror a', { hasText: 'Cổng Chính phủ' }).click();
      await page.keyboard.press('Control+k');
      assert.equal(await link.getByLabel('Địa chỉ').inputValue(), 'https://chinhphu.example.vn');
      assert.equal(await link.getByLabel('Mở trong thẻ mới').isChecked(), true);
      await link.getByLabel('Địa chỉ').fill('https://chinhphu.example.vn/van-ban');
      await link.getByRole('button', { name: 'Áp dụng' }).click();
      await page.locator('.ProseMirror a', { hasText: 'trang cũ' }).click();
      await tool(page, 'Liên kết').click();
      await link.getByRole('button', { name: 'Bỏ liên kết' }).click();
      assert.equal(
        await body(page),
        '<p>Đọc thêm <a target="_blank" rel="noopener" href="https://chinhphu.example.vn/van-ban">Cổng Chính phủ</a> và <a href="mailto:toasoan@example.vn">liên hệ</a> hoặc trang cũ.</p>',
      );

      // Tables: insert, add and remove rows and columns, header row on and off.
      // Chromium can hand the next key to the page before the editor has heard where End moved the caret (a person is
      // never that quick; a selectionchange left over from removing the link may come first, and End's own may come
      // before a listener could be added): the Enter waits until the editor's own state has the caret at the end.
      await page.keyboard.press('End');
      await page.waitForFunction(() => {
        type Head = { parentOffset: number; parent: { content: { size: number } } };
        const dom = document.querySelector('.ProseMirror') as { editor?: { state: { selection: { $head: Head } } } };
        const head = dom.editor?.state.selection.$head;
        return head !== undefined && head.parentOffset === head.parent.content.size;
      });
      await page.keyboard.press('Enter');
      await tool(page, 'Bảng').click();
      assert.equal(await tool(page, 'Bảng').isDisabled(), true, 'no table inside a table');
      await page.keyboard.type('Đơn vị');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Số hồ sơ');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Tỷ lệ');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Sở Tư pháp');
      const rows = () => page.locator('.ProseMirror table tr').count();
      const cols = () => page.locator('.ProseMirror table tr').first().locator('th, td').count();
      assert.deepEqual([await rows(), await cols()], [3, 3]);
      // New rows and columns come after the caret's; the one removed is the caret's.
      await tool(page, 'Thêm hàng').click();
      await tool(page, 'Thêm cột').click();
      assert.deepEqual([await rows(), await cols()], [4, 4]);
      const cell = (row: number, col: number) =>
        page.locator('.ProseMirror table tr').nth(row).locator('th, td').nth(col);
      assert.deepEqual(await page.locator('.ProseMirror table tr').first().locator('th').allTextContents(), [
        'Đơn vị',
        '',
        'Số hồ sơ',
        'Tỷ lệ',
      ]);
      await cell(2, 1).click();
      await tool(page, 'Xóa cột').click();
      await cell(2, 0).click();
      await tool(page, 'Xóa hàng').click();
      assert.deepEqual([await rows(), await cols()], [3, 3]);
      assert.equal(await cell(1, 0).textContent(), 'Sở Tư pháp');
      assert.equal(await tool(page, 'Hàng tiêu đề').getAttribute('aria-pressed'), 'true');
      await tool(page, 'Hàng tiêu đề').click();
      assert.equal(await page.locator('.ProseMirror table th').count(), 0);
      assert.equal(await tool(page, 'Hàng tiêu đề').getAttribute('aria-pressed'), 'false');
      await tool(page, 'Hàng tiêu đề').click();
      assert.match(
        plainCells(await body(page)),
        /<table><thead><tr><th scope="col"><p>Đơn vị<\/p><\/th><th scope="col"><p>Số hồ sơ<\/p><\/th><th scope="col"><p>Tỷ lệ<\/p><\/th><\/tr><\/thead><tbody><tr><td><p>Sở Tư pháp<\/p><\/td><td><p><\/p><\/td><td><p><\/p><\/td><\/tr><tr>(<td><p><\/p><\/td>){3}<\/tr><\/tbody><\/table>$/,
      );

      // Images: the caret is in a cell, yet the image goes after the table; it needs an alt text or "decorative".
      const image = page.locator('[data-image-dialog]');
      await page.setInputFiles('.editor input[data-upload]', {
        name: 'mot-cua.jpg',
        mimeType: 'image/jpeg',
        buffer: await photo('#2a6f97'),
      });
      await image.waitFor();
      const inDialog = await runAxe(page);
      assert.deepEqual(inDialog, [], `with the image dialog open: ${JSON.stringify(inDialog, null, 2)}`);
      await image.getByRole('button', { name: 'Áp dụng' }).click();
      assert.equal(
        await image.getByRole('alert').textContent(),
        'Hãy viết mô tả ảnh, hoặc đánh dấu ảnh chỉ để trang trí.',
      );
      assert.equal(await page.locator('.ProseMirror figure').count(), 0, 'nothing inserted without a description');
      await image.getByLabel('Mô tả ảnh').fill('Người dân nộp hồ sơ tại bộ phận một cửa');
      await image.getByLabel('Căn lề').selectOption('left');
      await image.getByLabel('Cỡ ảnh').selectOption('small');
      await image.getByRole('button', { name: 'Áp dụng' }).click();
      await page.keyboard.type('Bộ phận một cửa');
      const withImage = await body(page);
      assert.match(
        withImage,
        /<\/table><figure class="align-left size-small"><img src="\/media\/[0-9a-f]{24}\.jpg"[^>]* alt="Người dân nộp hồ sơ tại bộ phận một cửa"[^>]*><figcaption>Bộ phận một cửa<\/figcaption><\/figure>$/,
      );
      assert.equal(await page.locator('.ProseMirror td figure, .ProseMirror th figure').count(), 0);
      const firstSrc = /<figure[^>]*><img src="([^"]+)"/.exec(withImage)![1]!;

      // Edit it: medium size, decorative; then replace the file, keeping caption and choices.
      await page.locator('.ProseMirror figure img').click();
      await tool(page, 'Sửa ảnh').click();
      assert.equal(await image.getByLabel('Mô tả ảnh').inputValue(), 'Người dân nộp hồ sơ tại bộ phận một cửa');
      assert.equal(await image.getByLabel('Căn lề').inputValue(), 'left');
      await image.getByLabel('Cỡ ảnh').selectOption('medium');
      await image.getByLabel('Ảnh chỉ để trang trí').check();
      await image.getByRole('button', { name: 'Áp dụng' }).click();
      await page.locator('.ProseMirror figure img').dblclick();
      await image.waitFor();
      assert.equal(await image.getByLabel('Ảnh chỉ để trang trí').isChecked(), true);
      await image.locator('input[data-image-replace]').setInputFiles({
        name: 'mot-cua-2.jpg',
        mimeType: 'image/jpeg',
        buffer: await photo('#b5402a'),
      });
      await image.getByText('Đã tải ảnh mới lên').waitFor();
      await image.getByRole('button', { name: 'Áp dụng' }).click();
      const edited = await body(page);
      const figure =
        /<figure class="align-left size-medium"><img src="([^"]+)"[^>]* alt=""[^>]*><figcaption>Bộ phận một cửa<\/figcaption><\/figure>$/.exec(
          edited,
        );
      assert.ok(figure, edited);
      assert.notEqual(figure[1], firstSrc, 'the new file replaced the old one');
      await page.screenshot({ path: `${SHOTS}editor-tools-${width}.png`, fullPage: true });

      // Saved, published, and read on the public page.
      await Promise.all([
        page.waitForURL(/\/quan-tri\/bai-viet\/\d+$/),
        page.getByRole('button', { name: 'Lưu nháp', exact: true }).click(),
      ]);
      await page.getByRole('button', { name: 'Xuất bản', exact: true }).click();
      await page.locator('.flash').first().waitFor();
      const reader = await (await browser.newContext({ viewport: { width, height: 844 }, locale: 'vi-VN' })).newPage();
      contexts.push(reader.context());
      await reader.goto(`${base}/thoi-su`);
      await Promise.all([reader.waitForURL(/\.html$/), reader.getByRole('link', { name: title }).first().click()]);
      const article = reader.locator('.article-body');
      assert.equal(
        await article.locator('a[target=_blank][rel~=noopener]').getAttribute('href'),
        'https://chinhphu.example.vn/van-ban',
      );
      assert.equal(await article.locator('a[href="mailto:toasoan@example.vn"]').count(), 1);
      assert.deepEqual(await article.locator('table thead th').allTextContents(), ['Đơn vị', 'Số hồ sơ', 'Tỷ lệ']);
      const shown = article.locator('figure.align-left.size-medium');
      assert.equal(await shown.locator('img').getAttribute('alt'), '');
      assert.equal(await shown.locator('img').getAttribute('src'), figure[1]);
      assert.equal(await shown.locator('figcaption').textContent(), 'Bộ phận một cửa');
      const placed = await shown.evaluate((el) => {
        const s = getComputedStyle(el);
        return {
          float: s.float,
          ratio: el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width,
        };
      });
      if (width === 1280) {
        assert.equal(placed.float, 'left', 'beside the text on a wide screen');
        assert.ok(placed.ratio <= 0.51, `at most half the column: ${placed.ratio}`);
      } else {
        assert.equal(placed.float, 'none', 'on a phone the image takes its own line');
      }
      await reader.screenshot({ path: `${SHOTS}editor-tools-public-${width}.png`, fullPage: true });
      await reader.goto(base);
      assert.equal(
        await reader.locator('.lead-title').textContent(),
        title,
        'marked "Tin nổi bật", it leads the home page',
      );
    });
  }
});

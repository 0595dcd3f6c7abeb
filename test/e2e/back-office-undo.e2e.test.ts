import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Actor } from '../../src/accounts/roles.js';
import { insertComment } from '../../src/comments/comments.repo.js';
import { commentDeps } from '../../src/comments/comments.service.js';
import { moderateComments } from '../../src/comments/moderation.service.js';
import { createMediaDeps, uploadMedia } from '../../src/media/media.service.js';
import { makeUser } from '../support/accounts.js';
import { assertFitsAndClean, launchBrowser, signedInPage } from '../support/browser.js';
import { makeArticle, makeCategory } from '../support/factories.js';
import { STAFF_PASSWORD } from '../support/staff.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const WIDTHS = [1280, 390] as const;
const QUEUE = '/quan-tri/y-kien';
const LIBRARY = '/quan-tri/thu-vien';

/**
 * The delete and role-change journeys the other files leave out (a comment, a media file, a user's role): each asks
 * first, says what it did, and is undone from its message; and the comment queue's and the media library's filters,
 * used through their own form controls. Every width has its own rows (named with the width), so the two never meet.
 */
describe('confirm and undo for comments, media and roles, and the comment and media filters, at 1280 and 390 px', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let rice: { id: number; url: string };
  let street: { id: number; url: string };
  const contexts: BrowserContext[] = [];

  let admin: Actor;
  /** A comment as a reader sent it; an approved one is approved through moderation, as an editor does. */
  const comment = async (
    w: number,
    c: { article: number; name: string; body: string; ip: string; approved?: boolean; email?: string },
  ) => {
    const id = await insertComment(
      t.database.handle.kysely,
      {
        article_id: c.article,
        parent_id: null,
        user_id: null,
        author_name: c.name,
        author_email: c.email ?? null,
        body: c.body,
        status: 'pending',
        is_official: 0,
        ip: c.ip,
        content_hash: `${w} ${c.body}`,
      },
      new Date().toISOString(),
    );
    if (c.approved) await moderateComments(commentDeps(t.site), admin, [id], 'approve', 'seed-approve');
  };

  before(async () => {
    t = await createTestApp('sqlite', { env: { PAGE_CACHE_SECONDS: '600' } });
    const categoryId = await makeCategory(t.site, { slug: 'xa-hoi', name: 'Xã hội' });
    rice = await makeArticle(t.site, { categoryId, title: 'Giá lúa vụ đông xuân tăng, nông dân phấn khởi' });
    street = await makeArticle(t.site, { categoryId, title: 'Phố đi bộ mở thêm vào cuối tuần' });
    const adminId = await makeUser(t, {
      email: 'quantri@example.vn',
      role: 'admin',
      name: 'Nguyễn Văn An',
      password: STAFF_PASSWORD,
    });
    admin = { id: adminId, role: 'admin', displayName: 'Nguyễn Văn An' };
    const media = createMediaDeps(t.site.db, t.config, t.site.now);
    // Each width's pictures differ in size: the library keeps one copy of identical files.
    const png = (w: number, colour: string) =>
      sharp({ create: { width: 40, height: w === 1280 ? 30 : 31, channels: 3, background: colour } })
        .png()
        .toBuffer();
    for (const w of WIDTHS) {
      // Comments: the filters' rows, one on the "Đã duyệt" tab, and one approved comment to delete.
      const ip = (n: number) => `10.0.${w === 1280 ? 1 : 2}.${n}`;
      await comment(w, { article: rice.id, name: `Trần Thị Mai ${w}`, body: `Giá lúa tăng thật ${w}.`, ip: ip(1) });
      await comment(w, { article: street.id, name: `Lê Văn Hùng ${w}`, body: `Phố đông vui ${w}.`, ip: ip(2) });
      await comment(w, {
        article: street.id,
        name: `Khách ${w}`,
        email: `mai${w}@example.vn`,
        body: `Cần thêm chỗ gửi xe ${w}.`,
        ip: ip(2),
      });
      await comment(w, {
        article: street.id,
        name: `Lê Văn Hùng ${w}`,
        body: `Đã được duyệt ${w}.`,
        ip: ip(2),
        approved: true,
      });
      await comment(w, {
        article: rice.id,
        name: `Bạn đọc Sẽ Xóa ${w}`,
        body: `Ý kiến sẽ bị xóa rồi khôi phục ${w}.`,
        ip: ip(3),
        approved: true,
      });
      // Media: two pictures and a PDF for the filters, and two pictures to trash one of.
      await uploadMedia(media, admin, {
        filename: `bien-${w}.png`,
        data: await png(w, '#0af'),
        alt: `Biển Nha Trang ${w}`,
      });
      await uploadMedia(media, admin, {
        filename: `lua-${w}.png`,
        data: await png(w, '#fa0'),
        alt: `Đồng lúa chín ${w}`,
      });
      await uploadMedia(media, admin, { filename: `ke-hoach-${w}.pdf`, data: Buffer.from(`%PDF-1.4\n% ${w}\n`) });
      await uploadMedia(media, admin, { filename: `xoa-${w}.png`, data: await png(w, '#a0f'), alt: `Ảnh thừa ${w}` });
      await uploadMedia(media, admin, {
        filename: `giu-${w}.png`,
        data: await png(w, '#0fa'),
        alt: `Ảnh thừa giữ ${w}`,
      });
      await makeUser(t, { email: `doivai${w}@example.vn`, role: 'author', name: `Người Đổi Vai ${w}` });
    }
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

  /** The comment texts the queue shows, in order. */
  const queueBodies = (page: Page) => page.locator('.queue-item .comment-body').allInnerTexts();
  /** The file names the library shows, from each row's box. */
  const libraryNames = (page: Page) =>
    page
      .locator('.media-grid input[name="ids"]')
      .evaluateAll((boxes) => boxes.map((b) => /“(.+)”/.exec(b.getAttribute('aria-label') ?? '')?.[1] ?? ''));

  for (const width of WIDTHS) {
    test(`${width} px: deleting a comment asks first, takes it off the article, and is undone from the message`, async () => {
      const text = `Ý kiến sẽ bị xóa rồi khôi phục ${width}.`;
      const reader = await (await browser.newContext()).newPage();
      await reader.goto(base + rice.url);
      assert.equal(await reader.getByText(text).count(), 1, 'shown on the article before');

      const page = await signIn(width);
      await page.goto(base + QUEUE);
      await page.getByRole('link', { name: 'Đã duyệt' }).click();
      await page.getByLabel('Tác giả (tên hoặc email)').fill(`Bạn đọc Sẽ Xóa ${width}`);
      await page.getByRole('button', { name: 'Lọc' }).click();
      await page.waitForURL(/trang-thai=da-duyet/);
      assert.deepEqual(await queueBodies(page), [text]);
      const filtered = page.url();

      await page.locator('.queue-item', { hasText: text }).getByRole('button', { name: 'Xóa', exact: true }).click();
      const question = page.locator('#hoi-lai');
      await question.waitFor();
      assert.equal(await question.innerText(), `Xóa 1 ý kiến: Bạn đọc Sẽ Xóa ${width} (“${text}”)?`);
      await assertFitsAndClean(page, width, 'the question');
      // "Hủy" goes back to the list as it was, and nothing was deleted.
      await page.getByRole('link', { name: 'Hủy' }).click();
      await page.waitForURL(filtered);
      assert.deepEqual(await queueBodies(page), [text]);

      await page.locator('.queue-item', { hasText: text }).getByRole('button', { name: 'Xóa', exact: true }).click();
      await question.waitFor();
      await page.getByRole('button', { name: 'Xóa', exact: true }).click();
      await page.waitForURL(filtered);
      assert.equal(await page.locator('.flash p').innerText(), 'Đã chuyển 1 ý kiến vào thùng rác.');
      assert.deepEqual(await queueBodies(page), [], 'gone from the filtered list');
      assert.equal(await page.getByText('Không có ý kiến nào.').count(), 1);
      await assertFitsAndClean(page, width, 'the list with the undo message');
      await reader.reload();
      assert.equal(await reader.getByText(text).count(), 0, 'gone from the public article at once');

      // The undo leads back to the list as it was, where the comment shows again: on the "Đã duyệt" tab, not the
      // pending one it was never on.
      await page.locator('.flash').getByRole('button', { name: 'Hoàn tác' }).click();
      await page.getByText(`Đã khôi phục “Bạn đọc Sẽ Xóa ${width}: ${text}”.`).waitFor();
      assert.equal(page.url(), filtered);
      assert.deepEqual(await queueBodies(page), [text]);
      await reader.reload();
      assert.equal(await reader.getByText(text).count(), 1, 'back on the public article, as approved as it was');
      await reader.context().close();
    });

    test(`${width} px: trashing a media file asks first with its name, keeps the file served, and is undone`, async () => {
      const page = await signIn(width);
      await page.goto(base + LIBRARY);
      await page.getByLabel('Tên tệp hoặc mô tả có chứa').fill(`Ảnh thừa`);
      await page.getByRole('button', { name: 'Tìm' }).click();
      await page.waitForURL(/q=/);
      assert.deepEqual((await libraryNames(page)).filter((n) => n.endsWith(`-${width}.png`)).sort(), [
        `giu-${width}.png`,
        `xoa-${width}.png`,
      ]);
      const filtered = page.url();
      const src = await page
        .locator(`.media-grid li:has(input[aria-label="Chọn “xoa-${width}.png”"]) img`)
        .getAttribute('src');
      assert.ok(src);

      await page.getByRole('checkbox', { name: `Chọn “xoa-${width}.png”` }).check();
      await page.selectOption('#thu-vien-thao-tac', 'trash');
      await page.getByRole('button', { name: 'Thực hiện' }).click();
      const question = page.locator('#hoi-lai');
      await question.waitFor();
      assert.equal(
        await question.innerText(),
        `Chuyển 1 tệp vào thùng rác: “xoa-${width}.png”? Bài viết đang dùng tệp vẫn hiển thị được cho tới khi tệp bị xóa hẳn.`,
      );
      await assertFitsAndClean(page, width, 'the question');
      await page.getByRole('button', { name: 'Chuyển vào thùng rác' }).click();
      await page.waitForURL(filtered);
      assert.equal(await page.locator('.flash p').innerText(), 'Đã chuyển 1 tệp vào thùng rác.');
      const names = await libraryNames(page);
      assert.ok(!names.includes(`xoa-${width}.png`), names.join(', '));
      assert.ok(names.includes(`giu-${width}.png`), 'the file not ticked stays');
      await assertFitsAndClean(page, width, 'the library with the undo message');
      assert.equal((await page.request.get(new URL(src, base).href)).status(), 200, 'as the question said');

      await page.locator('.flash').getByRole('button', { name: 'Hoàn tác' }).click();
      await page.getByText(`Đã khôi phục “xoa-${width}.png”.`).waitFor();
      assert.equal(page.url(), filtered, 'back to the library as it was, search and all');
      assert.ok((await libraryNames(page)).includes(`xoa-${width}.png`), 'back in the library');
      await page.reload();
      assert.equal(await page.locator('.flash').count(), 0, 'said once');
    });

    test(`${width} px: changing a role asks first, can be cancelled, and is undone from the message`, async () => {
      const name = `Người Đổi Vai ${width}`;
      const page = await signIn(width);
      await page.goto(`${base}/quan-tri/nguoi-dung`);
      const select = page.getByLabel(`Vai trò: ${name}`);
      const row = page.locator('tr', { has: select });
      assert.equal(await select.inputValue(), 'author');

      // Asked, then cancelled: nothing changes.
      await select.selectOption('admin');
      await row.getByRole('button', { name: 'Đổi vai trò' }).click();
      const question = page.locator('#hoi-lai');
      await question.waitFor();
      assert.equal(
        await question.innerText(),
        `Đổi vai trò của ${name} từ Phóng viên thành Quản trị viên? Quyền mới có hiệu lực ngay.`,
      );
      await assertFitsAndClean(page, width, 'the question');
      await page.getByRole('link', { name: 'Hủy' }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      assert.equal(await select.inputValue(), 'author', 'cancelled: still an author');

      await select.selectOption('editor');
      await row.getByRole('button', { name: 'Đổi vai trò' }).click();
      await question.waitFor();
      assert.match(await question.innerText(), /từ Phóng viên thành Biên tập viên\?/);
      await page.getByRole('button', { name: 'Đổi vai trò' }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      assert.equal(await page.locator('.flash p').innerText(), `Đã đổi vai trò của ${name} thành Biên tập viên.`);
      assert.equal(await select.inputValue(), 'editor');
      await assertFitsAndClean(page, width, 'the list with the undo message');

      await page.locator('.flash').getByRole('button', { name: 'Hoàn tác' }).click();
      await page.waitForURL(`${base}/quan-tri/nguoi-dung`);
      assert.equal(await page.locator('.flash p').innerText(), `Đã đổi vai trò của ${name} thành Phóng viên.`);
      assert.equal(await select.inputValue(), 'author');
      await page.reload();
      assert.equal(await page.locator('.flash').count(), 0, 'a reload repeats nothing');
      assert.equal(await select.inputValue(), 'author');

      // Both changes are in the log, in Vietnamese.
      await page.goto(`${base}/quan-tri/nhat-ky?hanh-dong=doi-vai-tro`);
      const log = await page.locator('main').innerText();
      const said = `Quản trị viên Nguyễn Văn An đã đổi vai trò của tài khoản doivai${width}@example.vn`;
      assert.ok(log.includes(`${said} từ Phóng viên thành Biên tập viên.`), log);
      assert.ok(log.includes(`${said} từ Biên tập viên thành Phóng viên.`), log);
      assert.doesNotMatch(log, /author|editor|→/);
    });

    test(`${width} px: the comment queue's filters, used from its form, narrow the rows and stay filled in`, async () => {
      const page = await signIn(width);
      await page.goto(base + QUEUE);
      const author = page.getByLabel('Tác giả (tên hoặc email)');
      const article = page.getByLabel('Mã bài viết');
      const ip = page.getByLabel('Địa chỉ IP');
      const words = page.getByLabel('Nội dung có chứa');
      const filter = () => page.getByRole('button', { name: 'Lọc' }).click();
      const mine = async () => (await queueBodies(page)).filter((b) => b.includes(String(width)));

      // By name or email: "mai" finds Mai by name and the guest by the address.
      await author.fill(`mai${width}`);
      await filter();
      await page.waitForURL(/ten=mai/);
      assert.deepEqual(await queueBodies(page), [`Cần thêm chỗ gửi xe ${width}.`]);
      await author.fill(`Trần Thị Mai ${width}`);
      await filter();
      await page.waitForURL(/ten=Tr/);
      assert.deepEqual(await queueBodies(page), [`Giá lúa tăng thật ${width}.`]);
      assert.equal(await author.inputValue(), `Trần Thị Mai ${width}`, 'the filter stays filled in');
      await assertFitsAndClean(page, width, 'filtered by author');

      // By IP and article together, then by words alone.
      await author.fill('');
      await ip.fill(`10.0.${width === 1280 ? 1 : 2}.2`);
      await filter();
      await page.waitForURL(/ip=10/);
      assert.deepEqual(await queueBodies(page), [`Phố đông vui ${width}.`, `Cần thêm chỗ gửi xe ${width}.`]);
      await article.fill(String(rice.id));
      await filter();
      await page.waitForURL(/bai=\d+/);
      assert.deepEqual(await queueBodies(page), [], 'no comment from that address on the other article');
      assert.equal(await page.getByText('Không có ý kiến nào.').count(), 1);
      assert.equal(await article.inputValue(), String(rice.id));
      assert.equal(await ip.inputValue(), `10.0.${width === 1280 ? 1 : 2}.2`);
      await article.fill(String(street.id));
      await filter();
      await page.waitForURL(new RegExp(`bai=${street.id}`));
      assert.equal((await queueBodies(page)).length, 2);
      await article.fill('');
      await ip.fill('');
      await words.fill(`gửi xe ${width}`);
      await filter();
      await page.waitForURL(/q=/);
      assert.deepEqual(await queueBodies(page), [`Cần thêm chỗ gửi xe ${width}.`]);
      assert.equal(await words.inputValue(), `gửi xe ${width}`);

      // The approved tab has its own rows; the pending ones are not among them.
      await words.fill('');
      await filter();
      // The rows are read once the unfiltered page has loaded, not while the last one is going.
      await page.waitForURL((url) => !url.searchParams.get('q'));
      assert.deepEqual((await mine()).sort(), [
        `Cần thêm chỗ gửi xe ${width}.`,
        `Giá lúa tăng thật ${width}.`,
        `Phố đông vui ${width}.`,
      ]);
      await page.getByRole('link', { name: 'Đã duyệt' }).click();
      await page.waitForURL(/trang-thai=da-duyet/);
      await author.fill(`Lê Văn Hùng ${width}`);
      await filter();
      await page.waitForURL(/trang-thai=da-duyet.*ten=/);
      assert.deepEqual(await queueBodies(page), [`Đã được duyệt ${width}.`]);
      assert.equal(await page.locator('.tabs [aria-current="page"]').innerText(), 'Đã duyệt');
      await assertFitsAndClean(page, width, 'the approved tab, filtered');

      // A bad article number: said so, and the whole queue shown rather than nothing.
      await article.fill('abc');
      await filter();
      assert.match(await page.getByRole('alert').first().innerText(), /Bộ lọc không hợp lệ/);
      assert.ok((await queueBodies(page)).length >= 3);
    });

    test(`${width} px: the media library's search and type filter, used from its form, narrow the files`, async () => {
      const page = await signIn(width);
      await page.goto(base + LIBRARY);
      const words = page.getByLabel('Tên tệp hoặc mô tả có chứa');
      const kind = page.locator('#loai-tep');
      const search = () => page.getByRole('button', { name: 'Tìm' }).click();
      const count = () => page.locator('h1 small').innerText();

      await words.fill(`-${width}.`);
      await search();
      await page.waitForURL(/q=/);
      assert.deepEqual((await libraryNames(page)).sort(), [
        `bien-${width}.png`,
        `giu-${width}.png`,
        `ke-hoach-${width}.pdf`,
        `lua-${width}.png`,
        `xoa-${width}.png`,
      ]);
      assert.equal(await count(), '5 tệp');

      await kind.selectOption('tep');
      await search();
      await page.waitForURL(/loai=tep/);
      assert.deepEqual(await libraryNames(page), [`ke-hoach-${width}.pdf`]);
      assert.equal(await kind.inputValue(), 'tep', 'the type stays chosen');
      assert.equal(await words.inputValue(), `-${width}.`, 'the words stay typed');
      assert.equal(await count(), '1 tệp');
      await assertFitsAndClean(page, width, 'attachments');

      await kind.selectOption('anh');
      await search();
      await page.waitForURL(/loai=anh/);
      assert.equal((await libraryNames(page)).length, 4);
      assert.ok((await libraryNames(page)).every((n) => n.endsWith('.png')));
      assert.equal(await kind.inputValue(), 'anh');
      await assertFitsAndClean(page, width, 'images');

      // The description counts too: "Nha Trang" is only in the picture's alt text.
      await words.fill(`Nha Trang ${width}`);
      await search();
      await page.waitForURL(/Nha/);
      assert.deepEqual(await libraryNames(page), [`bien-${width}.png`]);
      await words.fill('không có tệp nào như thế');
      await search();
      await page.waitForURL(/kh/);
      assert.deepEqual(await libraryNames(page), []);
      assert.equal(await page.getByText('Không có tệp nào.').count(), 1);
      assert.equal(await kind.inputValue(), 'anh');
      assert.equal(await count(), '0 tệp');
    });
  }
});

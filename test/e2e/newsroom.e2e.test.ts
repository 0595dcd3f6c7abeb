import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { createUser } from '../../src/accounts/accounts.service.js';
import type { Role } from '../../src/accounts/roles.js';
import { vnDateParts } from '../../src/vi/dates.js';
import { launchBrowser, runAxe, seriousViolations, signInWithForm } from '../support/browser.js';
import { makeCategory } from '../support/factories.js';
import { STAFF_PASSWORD } from '../support/staff.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const TITLE = 'Sở Khoa học công bố kết quả đề tài năm 2026';
const DRAFT_TITLE = 'Kết quả đề tài (tiêu đề tạm)';

/** An instant as an editor types it in the scheduling field: Vietnam time, as the site writes times. */
function vnTyped(date: Date): string {
  const p = vnDateParts(date);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.hour)}:${two(p.minute)} ${two(p.day)}/${two(p.month)}/${p.year}`;
}

// The app runs in this process so the test can move its clock to the scheduled time.
describe('newsroom in Chromium: from a draft to the home page', () => {
  let t: TestApp;
  let base: string;
  let dataDir: string;
  let browser: Browser;
  let clock = Date.parse('2026-06-01T02:00:00Z');
  const contexts: BrowserContext[] = [];
  const axeFailures: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-newsroom-e2e-'));
    t = await createTestApp('sqlite', {
      env: { DATA_DIR: dataDir, PAGE_CACHE_SECONDS: '600' },
      now: () => new Date(clock),
    });
    await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function person(role: Role, name: string): Promise<Page> {
    const deps = {
      db: t.database.handle.kysely,
      now: t.site.now,
      hashing: t.config.passwordHashing,
      log: t.app.log,
      mailer: { send: async () => undefined },
      siteUrl: base,
    };
    const email = `${role}@example.vn`;
    await createUser(deps, { email, displayName: name, role, password: STAFF_PASSWORD });
    // bypassCSP only lets axe-core be injected; the editor under the real CSP is checked in editor.e2e.test.ts.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      locale: 'vi-VN',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => assert.fail(`script error: ${err.message}`));
    await signInWithForm(
      page,
      base,
      { email, password: STAFF_PASSWORD },
      { next: '/quan-tri', landsOn: `${base}/quan-tri` },
    );
    return page;
  }

  async function axe(page: Page) {
    const found = seriousViolations(await runAxe(page));
    if (found.length) axeFailures.push(`${page.url()}: ${JSON.stringify(found)}`);
  }

  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

  test('write, submit, return with a note, fix, resubmit, schedule, appear at its time, restore a revision', async () => {
    const author = await person('author', 'Phóng viên An');
    const editor = await person('editor', 'Biên tập Chi');
    await axe(author);

    // The author writes: typing, a rich paste with a script and inline styles, and an uploaded image.
    await author.goto(`${base}/quan-tri/bai-viet/moi`);
    await author.fill('#title', DRAFT_TITLE);
    await author.fill('#sapo', 'Sáng nay, Sở đã công bố kết quả.');
    await author.locator('.ProseMirror').click();
    await author.keyboard.type('Bản đầu tiên của bài viết.');
    await author.keyboard.press('Enter');
    await author.evaluate(() => {
      const data = new DataTransfer();
      data.setData(
        'text/html',
        '<h2 style="color:red">Kết quả chính</h2><p style="font-size:30px">Ba đề tài <b>xuất sắc</b>.<script>window.pwned = 1</script></p>',
      );
      document
        .querySelector('.ProseMirror')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const photo = await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#2a6f97' } })
      .jpeg()
      .toBuffer();
    await author.setInputFiles('.editor input[data-upload]', {
      name: 'hoi-nghi.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    // The image goes in once it is described (or marked decorative), with the caret in its caption.
    await author.locator('[data-image-dialog] [data-image-alt]').fill('Hội trường với các đại biểu');
    await author.locator('[data-image-dialog]').getByRole('button', { name: 'Áp dụng' }).click();
    await author.locator('.ProseMirror figure img[srcset]').waitFor();
    await author.keyboard.type('Quang cảnh hội nghị');
    await author.screenshot({ path: `${SHOTS}newsroom-editor-1280.png`, fullPage: true });
    await axe(author);
    await Promise.all([author.waitForURL(/\/quan-tri\/bai-viet\/\d+$/), button(author, 'Lưu nháp').click()]);
    const articleUrl = author.url();
    // The first save says what it did, like every later one.
    assert.equal(
      await author.locator('.flash').innerText(),
      `Đã lưu bản nháp “${DRAFT_TITLE}”. Bài chưa hiện trên trang công khai.`,
    );
    assert.equal(await author.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    const saved = await author.locator('textarea[name=bodyHtml]').inputValue();
    assert.match(saved, /<h2>Kết quả chính<\/h2><p>Ba đề tài <strong>xuất sắc<\/strong>\.<\/p>/);
    assert.match(
      saved,
      /<figure><img src="\/media\/[0-9a-f]{24}\.jpg" srcset="[^"]+ 480w, [^"]+ 960w, [^"]+ 1200w"[^>]*><figcaption>Quang cảnh hội nghị<\/figcaption><\/figure>/,
    );
    assert.ok(!saved.includes('style') && !saved.includes('script'));
    await axe(author);

    // The live preview: at 1280 px a pane to open; a new headline reaches it after the autosave, under the real frame policy.
    const preview = author.frameLocator('.live-preview iframe');
    await author.locator('.live-preview summary').click();
    assert.equal(await preview.locator('h1.article-title').textContent(), DRAFT_TITLE);
    await author.fill('#title', TITLE);
    await preview.locator('h1.article-title', { hasText: TITLE }).waitFor();
    assert.match(await preview.locator('.article-body').innerHTML(), /<h2>Kết quả chính<\/h2>/);
    assert.match((await author.locator('[data-editor-status]').textContent())!, /^Đã tự động lưu lúc/);
    await axe(author);
    // On a wide screen the preview opens by itself beside the form.
    await author.setViewportSize({ width: 1600, height: 900 });
    await author.reload();
    await preview.locator('h1.article-title', { hasText: TITLE }).waitFor();
    assert.equal(await author.locator('.live-preview').getAttribute('open'), '');
    const form = (await author.locator('.article-form').boundingBox())!;
    const frame = (await author.locator('.live-preview iframe').boundingBox())!;
    assert.ok(
      frame.x >= form.x + form.width && frame.y < form.y + form.height,
      `side by side: form ${JSON.stringify(form)}, preview ${JSON.stringify(frame)}`,
    );
    assert.ok(frame.width >= 480, `the preview has room: ${frame.width}px`);
    await author.evaluate(() => window.scrollTo(0, 0));
    await author.screenshot({ path: `${SHOTS}newsroom-live-preview-1600.png` });
    await axe(author);
    await author.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([author.waitForURL(articleUrl), button(author, 'Gửi biên tập').click()]);

    // The editor returns it with a note.
    await editor.goto(`${base}/quan-tri`);
    await editor.screenshot({ path: `${SHOTS}newsroom-dashboard-1280.png`, fullPage: true });
    await axe(editor);
    await Promise.all([editor.waitForURL(articleUrl), editor.getByRole('link', { name: TITLE }).first().click()]);
    await editor.fill('#note', 'Cần thêm ý kiến của hội đồng nghiệm thu.');
    await Promise.all([editor.waitForURL(articleUrl), button(editor, 'Trả lại cho tác giả').click()]);

    // The author sees the note, fixes the text and resubmits.
    await author.goto(`${base}/quan-tri`);
    await Promise.all([author.waitForURL(articleUrl), author.getByRole('link', { name: TITLE }).first().click()]);
    assert.match((await author.locator('.review-note').textContent())!, /Cần thêm ý kiến của hội đồng nghiệm thu\./);
    await author.locator('.ProseMirror h2').click();
    await author.keyboard.press('End');
    await author.keyboard.press('Enter');
    await author.keyboard.type('Hội đồng đánh giá cao tính ứng dụng.');
    // Saved, then back on the article (POST → redirect → GET) with the message saying so.
    await button(author, 'Lưu thay đổi').click();
    await author.locator('.flash', { hasText: 'Đã lưu bài viết.' }).waitFor();
    await Promise.all([author.waitForURL(articleUrl), button(author, 'Gửi biên tập').click()]);

    // The editor schedules it half an hour ahead (staff sessions stay open through the wait).
    await editor.goto(articleUrl);
    const at = vnTyped(new Date(clock + 30 * 60_000));
    await editor.fill('#at', at);
    await Promise.all([editor.waitForURL(articleUrl), button(editor, 'Xuất bản').click()]);
    assert.equal((await editor.locator('.workflow .status').textContent())!, `Hẹn giờ: ${at}`);

    const reader = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    contexts.push(reader.context());
    await reader.goto(base);
    assert.equal(await reader.getByText(TITLE).count(), 0, 'not on the home page before its time');
    clock += 45 * 60_000;
    assert.equal(await t.scheduler.runDue(), 1);
    // Lists may sit in a browser's cache for a minute (Cache-Control in the README): ask the server again, as a reload does.
    await reader.reload();
    await Promise.all([reader.waitForURL(/\.html$/), reader.getByRole('link', { name: TITLE }).first().click()]);
    assert.match(await reader.locator('.article-body').innerHTML(), /Hội đồng đánh giá cao tính ứng dụng\./);
    const img = reader.locator('.article-body figure img');
    assert.match((await img.getAttribute('srcset'))!, /-480\.webp 480w/);
    // The image may be lazy or still in flight: bring it into view and let it settle before judging it.
    await img.scrollIntoViewIfNeeded();
    await img.evaluate((el: HTMLImageElement) => {
      if (el.complete) return undefined;
      return new Promise((settle) => {
        el.addEventListener('load', settle, { once: true });
        el.addEventListener('error', settle, { once: true });
      });
    });
    assert.equal(
      await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0),
      true,
      'the image loads',
    );

    // A revision is restored: the first version goes back on the public page.
    await editor.goto(`${articleUrl}/phien-ban`);
    await axe(editor);
    await Promise.all([
      editor.waitForURL(articleUrl),
      editor.getByRole('button', { name: 'Khôi phục phiên bản này' }).last().click(),
    ]);
    await reader.reload();
    const restored = await reader.locator('.article-body').innerHTML();
    assert.ok(!restored.includes('Hội đồng đánh giá cao'), 'the fix is gone after restoring version 1');
    assert.match(restored, /Bản đầu tiên của bài viết\./);

    for (const url of ['/quan-tri/bai-viet', '/quan-tri/thu-vien', `${articleUrl.slice(base.length)}`]) {
      await editor.goto(base + url);
      await axe(editor);
    }
    const admin = await person('admin', 'Quản trị Dũng');
    await admin.goto(`${base}/quan-tri/nhat-ky`);
    // The journey in the log, in Vietnamese sentences, the same at 1280 px and on a phone, where each entry is a
    // card read whole: nothing cut off at the screen's edge, no sideways scroll.
    const journey = [
      `Phóng viên Phóng viên An đã gửi bài “${TITLE}” cho biên tập.`,
      `Biên tập viên Biên tập Chi đã trả lại bài “${TITLE}” với ghi chú: Cần thêm ý kiến của hội đồng nghiệm thu.`,
      `Biên tập viên Biên tập Chi đã hẹn giờ đăng bài “${TITLE}” lúc ${at}.`,
      `Hệ thống đã đăng bài hẹn giờ “${TITLE}” đúng giờ.`,
      // Named as the restored version has it: the first draft's headline.
      `Biên tập viên Biên tập Chi đã khôi phục bài “${DRAFT_TITLE}” về bản 1.`,
    ];
    for (const width of [1280, 390]) {
      await admin.setViewportSize({ width, height: 900 });
      await admin.reload();
      const log = await admin.locator('main').innerText();
      for (const sentence of journey) assert.ok(log.includes(sentence), `${width} px: ${sentence}\n${log}`);
      assert.doesNotMatch(log, /article\.[a-z_]+/, `${width} px: no codes`);
      assert.ok(
        (await admin.evaluate(() => document.documentElement.scrollWidth)) <= width,
        `${width} px: no sideways scroll`,
      );
      const cell = (await admin.getByText(journey[2]!, { exact: true }).boundingBox())!;
      assert.ok(
        cell.x >= 0 && cell.x + cell.width <= width,
        `${width} px: the sentence is on screen: ${JSON.stringify(cell)}`,
      );
      await admin.screenshot({ path: `${SHOTS}newsroom-audit-${width}.png` });
      await axe(admin);
    }
    await admin.setViewportSize({ width: 1280, height: 900 });
    for (const url of ['/quan-tri/chuyen-muc', '/quan-tri/nguoi-dung', '/quan-tri/cai-dat']) {
      await admin.goto(base + url);
      await axe(admin);
    }
    assert.deepEqual(axeFailures, []);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { sanitizeArticleHtml } from '../../src/articles/sanitize.js';
import { CategoryTree } from '../../src/categories/category-tree.js';
import { articleForm } from '../../src/newsroom/newsroom.views.js';
import { staffLayout } from '../../src/newsroom/staff-layout.js';
import { assetsByUrl } from '../../src/web/assets.js';
import { livePreviewPane } from '../../src/newsroom/pages.views.js';
import { html } from '../../src/web/html.js';
import { sameOriginFramingHeaders, securityHeaders } from '../../src/web/security-headers.js';
import { launchBrowser, runAxe, seriousViolations } from '../support/browser.js';
import { pasteHtml } from '../support/paste.js';

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
// A loopback origin counts as secure, as HTTPS would in production; nothing listens there, every request is routed.
const ORIGIN = 'http://127.0.0.1:9';

// The editor page as the server renders it (real view, real bundle, real CSP),
// served to Chromium without the HTTP routes, which need the accounts module.
function editorPage(): string {
  const row = (id: number, slug: string, name: string, parent_id: number | null) => ({
    id,
    slug,
    name,
    description: '',
    parent_id,
    position: id,
    in_menu: 1,
    published_count: 0,
  });
  const tree = new CategoryTree([row(1, 'tin-tuc', 'Tin tức', null), row(2, 'thong-bao', 'Thông báo', 1)]);
  return staffLayout({
    title: 'Viết bài mới',
    siteName: 'Cổng thử nghiệm',
    actor: { id: 1, role: 'author', displayName: 'An' },
    withEditor: true,
    body: articleForm({
      article: null,
      tags: [],
      tree,
      action: '/quan-tri/bai-viet',
      uploadUrl: '/quan-tri/thu-vien',
      covers: [],
    }),
  });
}

async function open(browser: Browser, bypassCSP: boolean): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP, locale: 'vi-VN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('pageerror', (err) => problems.push(err.message));
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const asset = assetsByUrl.get(url.pathname);
    if (asset) return route.fulfill({ body: asset.body, contentType: asset.contentType });
    return route.fulfill({
      body: editorPage(),
      contentType: 'text/html; charset=utf-8',
      headers: { ...securityHeaders },
    });
  });
  await page.goto(`${ORIGIN}/quan-tri/bai-viet/moi`);
  await page.waitForSelector('.ProseMirror');
  return { page, problems };
}

const body = (page: Page) => page.locator('textarea[name=bodyHtml]').inputValue();

describe('article editor in Chromium', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  test('typing, toolbar and pasting from Word or the web keep structure and drop styles and scripts, under the strict CSP', async () => {
    const { page, problems } = await open(browser, false);
    assert.equal(
      await page.locator('textarea[name=bodyHtml]').isHidden(),
      true,
      'the textarea gives way to the editor',
    );
    await page.locator('.ProseMirror').click();
    await page.keyboard.type('Hội nghị tổng kết năm');
    await page.getByRole('button', { name: 'Tiêu đề 2' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Sáng nay, Sở đã tổ chức hội nghị.');
    assert.equal(await body(page), '<h2>Hội nghị tổng kết năm</h2><p>Sáng nay, Sở đã tổ chức hội nghị.</p>');
    assert.equal(await page.locator('[data-editor-stats]').textContent(), '13 chữ · khoảng 1 phút đọc');

    const pasted =
      '<meta charset="utf-8"><h2 style="color:red;font-family:Arial" class="MsoHeading2">Kết quả <span style="font-size:20pt">nổi bật</span></h2>' +
      '<p class="MsoNormal" style="margin:0"><b>Đậm</b>, <i>nghiêng</i> và <a href="https://example.vn/a" onclick="steal()">liên kết</a><script>window.pwned = 1</script><o:p></o:p></p>' +
      '<ul><li style="color:blue">Ý một</li><li>Ý hai</li></ul>' +
      '<img src="https://tracker.example/p.gif" onerror="window.pwned = 2">' +
      '<figure><img src="/media/0123456789abcdef01234567.jpg" srcset="/media/0123456789abcdef01234567-480.webp 480w" sizes="100vw" width="480" height="320" alt="Ảnh hội nghị"><figcaption>Quang cảnh hội nghị</figcaption></figure>' +
      '<table style="width:100%"><tr><th>Chỉ tiêu</th><th>Kết quả</th></tr><tr><td>Đề tài</td><td>12</td></tr></table>';
    await page.keyboard.press('Enter');
    await pasteHtml(page, pasted);
    const out = await body(page);
    assert.equal(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
      undefined,
      'no pasted script ran',
    );
    for (const bad of [
      'style=',
      'class=',
      'colgroup',
      '<script',
      'onclick',
      'onerror',
      'tracker.example',
      '<span',
      'target=',
    ]) {
      assert.ok(!out.includes(bad), `${bad} is dropped: ${out}`);
    }
    assert.match(out, /<p>Sáng nay, Sở đã tổ chức hội nghị\.<\/p><h2>Kết quả nổi bật<\/h2>/);
    assert.match(
      out,
      /<strong>Đậm<\/strong>, <em>nghiêng<\/em> và <a [^>]*href="https:\/\/example\.vn\/a"[^>]*>liên kết<\/a>/,
    );
    assert.match(out, /<ul><li><p>Ý một<\/p><\/li><li><p>Ý hai<\/p><\/li><\/ul>/);
    assert.match(
      out,
      /<figure><img src="\/media\/0123456789abcdef01234567\.jpg" srcset="[^"]+480w" sizes="100vw" width="480" height="320" alt="Ảnh hội nghị" loading="lazy"><figcaption>Quang cảnh hội nghị<\/figcaption><\/figure>/,
    );
    assert.match(out, /<table[^>]*>.*<th[^>]*><p>Chỉ tiêu<\/p><\/th>.*<td[^>]*><p>12<\/p><\/td>/);
    // What the editor sends is what the server keeps, minus attributes the allowlist drops.
    const saved = sanitizeArticleHtml(out);
    assert.match(saved, /<figure><img src="\/media\/0123456789abcdef01234567\.jpg"/);
    assert.match(saved, /<td><p>12<\/p><\/td>/);
    assert.ok(!saved.includes('style=') && !saved.includes('colgroup'), saved);
    // The link dialog under the same CSP: a native <dialog>, no inline style or script.
    await page.keyboard.press('Control+k');
    await page.locator('#link-text').fill('Cổng dịch vụ công');
    await page.locator('#link-href').fill('https://dichvucong.example.vn');
    await page.locator('#link-href').press('Enter');
    assert.match(await body(page), /<a href="https:\/\/dichvucong\.example\.vn">Cổng dịch vụ công<\/a>/);
    await page.screenshot({ path: `${SHOTS}editor-1280.png`, fullPage: true });
    assert.deepEqual(problems, [], 'no CSP violation or script error');
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      true,
      'nothing sticks out sideways',
    );
  });

  // The newsroom browser test bypasses the CSP to inject axe; here the real headers decide.
  test('under the real headers the preview loads in the editor’s frame, and a page without the exception does not', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
    const editPage = (id: number) =>
      staffLayout({
        title: 'Sửa bài',
        siteName: 'Cổng thử nghiệm',
        actor: { id: 1, role: 'author', displayName: 'An' },
        withEditor: true,
        body: html`<div class="edit-layout"><div>${articleForm({ article: null, tags: [], tree: new CategoryTree([]), action: `/quan-tri/bai-viet/${id}`, uploadUrl: '/quan-tri/thu-vien', covers: [] })}</div>${livePreviewPane(id)}</div>`,
      });
    const preview =
      '<!doctype html><html lang="vi"><title>Xem trước</title><h1 class="article-title">Tiêu đề xem trước</h1></html>';
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      const asset = assetsByUrl.get(url.pathname);
      if (asset) return route.fulfill({ body: asset.body, contentType: asset.contentType });
      const html = (body: string, headers: Record<string, string>) =>
        route.fulfill({ body, contentType: 'text/html; charset=utf-8', headers });
      // Article 1's preview carries the exception, as the real route sends it; article 2's "preview" is any other page.
      if (url.pathname === '/quan-tri/bai-viet/1/xem-truoc')
        return html(preview, { ...securityHeaders, ...sameOriginFramingHeaders });
      if (url.pathname === '/quan-tri/bai-viet/2/xem-truoc') return html(preview, { ...securityHeaders });
      return html(editPage(Number(url.pathname.split('/')[3])), { ...securityHeaders });
    });
    await page.goto(`${ORIGIN}/quan-tri/bai-viet/1`);
    assert.equal(await page.locator('.live-preview').getAttribute('open'), '', 'opened by the bundle on a wide screen');
    await page
      .frameLocator('.live-preview iframe')
      .locator('h1.article-title', { hasText: 'Tiêu đề xem trước' })
      .waitFor();
    assert.deepEqual(consoleErrors, [], 'nothing refused');

    await page.goto(`${ORIGIN}/quan-tri/bai-viet/2`);
    // A refused frame shows the browser's error page, which is not ours: its document is out of reach.
    await page.waitForFunction(
      () => document.querySelector<HTMLIFrameElement>('.live-preview iframe')?.contentDocument === null,
    );
    const framed = page.frames().find((f) => f !== page.mainFrame())!;
    assert.match(framed.url(), /^chrome-error:/, 'any other page refuses to be framed');
    await context.close();
  });

  test('the editor page passes axe (WCAG 2.1 AA)', async () => {
    const { page } = await open(browser, true);
    const violations = seriousViolations(await runAxe(page));
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  });
});

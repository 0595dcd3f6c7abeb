import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, runAxe, seriousViolations } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url));
const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

describe('search in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-search-e2e-'));
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`, DEMO_CONTENT: '1' };
    server = await startServerProcess(env);
    // Fourteen bulletins about floods, so the results run to two pages.
    const files = [FIXTURE];
    for (let i = 1; i <= 14; i++) {
      const file = path.join(dir, `ban-tin-${i}.txt`);
      writeFileSync(
        file,
        `Bản tin phòng chống lũ lụt số ${i}\n08:00 0${1 + (i % 9)}/10/2024\nTỉnh chủ động ứng phó mưa lũ, bảo đảm an toàn cho người dân vùng trũng.\n\nCác lực lượng trực ban 24/24 giờ.\n`,
      );
      files.push(file);
    }
    const imported = await runCli(['import', ...files, '--category', 'tin-tuc-su-kien', '--json'], env);
    assert.equal(imported.code, 0, imported.stderr);
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(opts: { javaScriptEnabled?: boolean; width?: number } = {}) {
    const { context, page, errors } = await openPage(browser, opts);
    contexts.push(context);
    return { page, errors };
  }

  test('the header search box leads to highlighted results, without JavaScript', async () => {
    const { page, errors } = await open({ javaScriptEnabled: false, width: 390 });
    await page.goto(server.url + '/');
    const box = page.getByRole('searchbox', { name: 'Tìm kiếm bài viết' });
    await box.fill('nghi quyet 22');
    await box.press('Enter');
    await page.waitForURL(/\/tim-kiem\?q=nghi\+quyet\+22/);
    const first = page.locator('.search-hit').first();
    assert.match(await first.locator('h2').innerText(), /Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ\/TW/);
    const marks = await first.locator('h2 mark').allInnerTexts();
    assert.deepEqual(marks, ['Nghị quyết', '22'], 'folded query highlights the marked words as written');
    await page.screenshot({ path: path.join(SHOTS, 'search-390.png'), fullPage: true });
    await first.locator('h2 a').click();
    assert.equal(await page.locator('h1').count(), 1);
    assert.match(await page.locator('h1').innerText(), /Nghị quyết số 22-NQ\/TW/);
    assert.deepEqual(errors, []);
  });

  test('filters and pagination keep each other, and the page passes axe', async () => {
    const { page, errors } = await open();
    await page.goto(server.url + '/tim-kiem?q=' + encodeURIComponent('lũ lụt'));
    assert.match(await page.locator('.search-count').innerText(), /Tìm thấy 14 bài viết/);
    assert.equal(await page.locator('.search-hit').count(), 10);
    await page.getByLabel('Sắp xếp').selectOption('moi-nhat');
    await page.getByLabel('Từ ngày').fill('02/10/2024');
    await page.getByRole('button', { name: 'Tìm', exact: true }).last().click();
    await page.waitForURL(/sap-xep=moi-nhat/);
    assert.match(await page.locator('.search-count').innerText(), /Tìm thấy 13 bài viết/, '01/10 is filtered out');
    const times = await page
      .locator('.search-hit time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')!));
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    await page.getByRole('link', { name: 'Trang 2' }).click();
    await page.waitForURL(/trang=2/);
    assert.match(page.url(), /tu=02%2F10%2F2024/);
    assert.equal(await page.getByLabel('Từ ngày').inputValue(), '02/10/2024', 'shown back as typed');
    assert.equal(await page.locator('.search-hit').count(), 3);
    assert.equal(await page.getByLabel('Sắp xếp').inputValue(), 'moi-nhat');
    const violations = seriousViolations(await runAxe(page));
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.screenshot({ path: path.join(SHOTS, 'search-1280.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  test('a junk or huge query gives a friendly page, and the API answers JSON', async () => {
    const { page, errors } = await open();
    const res = await page.goto(server.url + '/tim-kiem?q=' + encodeURIComponent('"NEAR( *' + 'x'.repeat(10_000)));
    assert.equal(res?.status(), 200);
    assert.match(await page.locator('main').innerText(), /Không tìm thấy bài viết nào phù hợp/);
    const api = await page.request.get(server.url + '/api/v1/search?q=' + encodeURIComponent('nghị quyết') + '&page=1');
    assert.equal(api.status(), 200);
    const body = (await api.json()) as { total: number; results: { title: string }[] };
    assert.ok(body.total >= 1);
    assert.match(body.results[0]!.title, /Nghị quyết số 22-NQ\/TW/);
    const violations = seriousViolations(await runAxe(page));
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    assert.deepEqual(errors, []);
  });
});

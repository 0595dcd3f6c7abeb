import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, runAxe, seriousViolations } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url));
const FIXTURE_TITLE = readFileSync(FIXTURE, 'utf8').split('\n')[0]!.trim();
const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
const WIDTHS = [390, 1280] as const;

describe('public site in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let fixtureUrl: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-e2e-'));
    const env = { DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`, DEMO_CONTENT: '1' };
    server = await startServerProcess(env);
    const imported = await runCli(['import', FIXTURE, '--category', 'tin-tuc-su-kien', '--json'], env);
    assert.equal(imported.code, 0, imported.stderr);
    fixtureUrl = server.url + (JSON.parse(imported.stdout) as { url: string }).url;
    browser = await launchBrowser();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(width: number, opts: { javaScriptEnabled?: boolean } = {}) {
    const { context, page, errors } = await openPage(browser, { width, ...opts });
    contexts.push(context);
    return { page, errors };
  }

  for (const width of WIDTHS) {
    test(`the imported fixture reads as the original page at ${width}px`, async () => {
      const { page, errors } = await open(width);
      const res = await page.goto(fixtureUrl);
      assert.equal(res?.status(), 200);
      assert.equal(await page.locator('h1').count(), 1);
      assert.equal((await page.locator('h1').innerText()).trim(), FIXTURE_TITLE);
      const time = page.locator('article time');
      assert.equal(await time.innerText(), '11:16 23/05/2018');
      assert.equal(await time.getAttribute('datetime'), '2018-05-23T04:16:00.000Z');
      // The byline also carries a label for screen readers, hidden on screen.
      assert.equal((await page.locator('.byline').innerText()).split('\n').at(-1), 'PC');
      assert.equal(
        await page.locator('.byline').evaluate((el) => getComputedStyle(el).textAlign),
        'right',
        'the byline stands right-aligned, as Vietnamese papers print it',
      );
      assert.equal(await page.locator('.sapo').evaluate((el) => Number(getComputedStyle(el).fontWeight) >= 700), true);
      assert.equal(await page.getByRole('heading', { name: 'Ý kiến bạn đọc' }).count(), 1);
      const login = page.getByRole('link', { name: /đăng nhập/i });
      assert.equal(await login.count(), 1);
      assert.equal((await login.innerText()).trim(), 'ĐĂNG NHẬP', 'shown upper-case like the original');
      const crumbs = await page.locator('nav.breadcrumb li').allInnerTexts();
      assert.equal(crumbs.length, 2);
      assert.equal(crumbs[1], 'Tin tức - Sự kiện');
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        'no horizontal scrolling',
      );
      const violations = seriousViolations(await runAxe(page));
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
      await page.screenshot({ path: path.join(SHOTS, `article-${width}.png`), fullPage: true });
      assert.deepEqual(errors, []);
    });

    test(`home and category pages at ${width}px`, async () => {
      const { page, errors } = await open(width);
      assert.equal((await page.goto(`${server.url}/`))?.status(), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
      assert.equal(await page.locator('.lead-story h3 a').count(), 1);
      assert.ok((await page.locator('.category-block').count()) >= 3, 'a block per category');
      assert.deepEqual(seriousViolations(await runAxe(page)), []);
      await page.screenshot({ path: path.join(SHOTS, `home-${width}.png`), fullPage: true });

      // On a phone the sections sit behind the menu button.
      if (await page.locator('.menu-button').isVisible()) await page.locator('.menu-button').click();
      await page.locator('.site-nav a', { hasText: 'Khoa học - Công nghệ' }).click();
      await page.waitForURL(/\/khoa-hoc-cong-nghe$/);
      assert.equal(await page.locator('h1').innerText(), 'Khoa học - Công nghệ');
      assert.ok((await page.locator('.teaser').count()) >= 2);
      assert.equal(await page.locator('.site-nav a[aria-current="page"]').innerText(), 'Khoa học - Công nghệ');
      assert.deepEqual(seriousViolations(await runAxe(page)), []);
      await page.screenshot({ path: path.join(SHOTS, `category-${width}.png`), fullPage: true });

      await page.locator('.teaser-title a').first().click();
      assert.equal(await page.locator('h1.article-title').count(), 1);
      assert.deepEqual(errors, []);
    });
  }

  test('everything reads with JavaScript off', async () => {
    const { page } = await open(390, { javaScriptEnabled: false });
    await page.goto(fixtureUrl);
    assert.equal(await page.locator('h1').innerText(), FIXTURE_TITLE);
    assert.ok((await page.locator('.article-body p').count()) >= 3);
    await page.goto(`${server.url}/khong-co-trang-nay`);
    assert.equal(await page.locator('h1').innerText(), 'Không tìm thấy trang');
  });

  test('the print style hides navigation and comments', async () => {
    const { page } = await open(1280);
    await page.goto(fixtureUrl);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-nav').isVisible(), false);
    assert.equal(await page.locator('.comments').isVisible(), false);
    assert.equal(await page.locator('h1').isVisible(), true);
  });
});

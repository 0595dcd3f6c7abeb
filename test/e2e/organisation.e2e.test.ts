import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, runAxe } from '../support/browser.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

describe('organisation pages and the English site in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-org-e2e-'));
    // The demo brings the organisation's pages in both languages, its units, leaders and footer.
    server = await startServerProcess({ DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`, DEMO_CONTENT: '1' });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const width of [390, 1280]) {
    test(`the structure page and /en/ have no axe violations at ${width}px, and the switch goes both ways`, async () => {
      const { context, page, errors } = await openPage(browser, { width });
      contexts.push(context);
      for (const [url, lang, shot] of [
        ['/co-cau-to-chuc', 'vi', 'structure'],
        ['/lanh-dao', 'vi', 'leaders'],
        ['/en/', 'en', 'en-home'],
        ['/en/structure', 'en', 'en-structure'],
      ] as const) {
        const res = await page.goto(server.url + url);
        assert.equal(res?.status(), 200, url);
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        assert.deepEqual(await runAxe(page), [], `${url} at ${width}px`);
        // The banner's emblem keeps the box its width and height give it: the name beside it never moves.
        const logo = page.locator('.site-logo');
        const box = (await logo.boundingBox())!;
        assert.equal(box.height, width < 768 ? 48 : 64, url);
        assert.equal(box.width, box.height, 'the square emblem stays square');
        assert.equal(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);
        await page.screenshot({ path: path.join(SHOTS, `org-${shot}-${width}.png`), fullPage: true });
      }
      await page.goto(`${server.url}/co-cau-to-chuc`);
      assert.ok((await page.locator('.org-unit').count()) >= 2, 'the demo units are listed');
      await page.locator('.lang-switch').click();
      await page.waitForURL(/\/en\/structure$/);
      assert.equal(await page.locator('h1').innerText(), 'Organisational structure');
      await page.locator('.lang-switch').click();
      await page.waitForURL(/\/co-cau-to-chuc$/);
      assert.deepEqual(errors, []);
    });
  }
});

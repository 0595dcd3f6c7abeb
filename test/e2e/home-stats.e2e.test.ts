import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FLUSH_MS } from '../../src/stats/visitor-stats.js';
import { launchBrowser, openPage, runAxe } from '../support/browser.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

/** A reader's browser, as the statistics see it. */
const READER =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';

/** The four figures of the statistics block once the beacon has answered, as numbers. */
async function figures(page: Page): Promise<{ online: number; today: number; month: number; total: number }> {
  const read = async (key: string) =>
    Number((await page.locator(`[data-thong-ke="${key}"]`).innerText()).replace(/\./g, ''));
  return {
    online: await read('online'),
    today: await read('today'),
    month: await read('month'),
    total: await read('total'),
  };
}

async function visitHome(page: Page, url: string) {
  const beacon = page.waitForResponse((r) => r.url().endsWith('/thong-ke/ghi'));
  assert.equal((await page.goto(url))?.status(), 200);
  assert.equal((await beacon).status(), 200);
  await page.waitForLoadState('networkidle');
}

describe('home page side column and visitor statistics in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-e2e-home-'));
    server = await startServerProcess({
      DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`,
      DATA_DIR: dir,
      DEMO_CONTENT: '1',
      PAGE_CACHE_SECONDS: '1',
    });
    // The demo's pictures are drawn after the server starts listening.
    for (let tries = 0; !(await (await fetch(server.url)).text()).includes('block-image'); tries++) {
      if (tries > 240) throw new Error('the demo pictures never appeared');
      await sleep(500);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the side column renders, and the statistics grow after a visit once the counts are flushed', async () => {
    const first = await openPage(browser, { width: 1280, userAgent: READER });
    await visitHome(first.page, server.url);
    const side = first.page.locator('aside.home-side');
    // The demo's draft open for góp ý is its one document: it shows in both document blocks.
    assert.deepEqual(await side.locator('h2').allTextContents(), [
      'Văn bản mới',
      'Dự thảo lấy ý kiến',
      'Thống kê truy cập',
    ]);
    const box = await side.boundingBox();
    const main = await first.page.locator('.home-main').boundingBox();
    assert.ok(box && main && box.x > main.x + main.width, 'beside the news on a wide screen');
    const before = await figures(first.page);
    assert.ok(before.total >= 1 && before.today >= 1, JSON.stringify(before));
    const lead = first.page.locator('img.lead-image');
    assert.ok(
      await lead.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      'the lead picture loads',
    );
    assert.deepEqual(first.errors, []);

    // "Đang truy cập" comes from the database only: it shows this visitor once a flush has run.
    await sleep(FLUSH_MS + 1500);
    const second = await openPage(browser, { width: 390, userAgent: READER });
    await visitHome(second.page, server.url);
    const now = await figures(second.page);
    assert.ok(now.online >= 1, JSON.stringify(now));
    assert.ok(
      now.total >= before.total + 1 && now.today >= before.today + 1,
      `${JSON.stringify(before)} → ${JSON.stringify(now)}`,
    );
    assert.deepEqual(second.errors, []);
    await first.context.close();
    await second.context.close();
  });

  for (const width of [390, 1280])
    test(`axe finds no violations on the home page at ${width}px`, async () => {
      const { context, page } = await openPage(browser, { width, userAgent: READER });
      await visitHome(page, server.url);
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
      await context.close();
    });
});

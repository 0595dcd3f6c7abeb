import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runAxe } from '../support/browser.js';
import { startDemoSite, type DemoSite } from '../support/demo-site.js';

describe('text size and contrast in Chromium', () => {
  let site: DemoSite;
  before(async () => (site = await startDemoSite('reader-prefs-e2e')));
  after(() => site?.close());

  test('A+ makes the text larger, on this page and after a reload; A puts it back', async () => {
    const { page, errors } = await site.open({ width: 390 });
    await page.goto(site.articleUrl);
    const size = () =>
      page
        .locator('.article-body p')
        .first()
        .evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    const before = await size();

    // On a phone the controls are in the menu.
    const openMenu = () => page.getByText('Chuyên mục', { exact: true }).click();
    await openMenu();
    await page.getByRole('link', { name: 'Tăng cỡ chữ' }).click();
    await page.waitForURL(site.articleUrl);
    const larger = await size();
    assert.ok(larger > before, `${larger} > ${before}`);
    await page.reload();
    assert.equal(await size(), larger, 'the choice is kept');
    await page.goto(`${site.server.url}/`);
    assert.ok(
      (await page.locator('body').evaluate((b) => parseFloat(getComputedStyle(b).fontSize))) > 17,
      'and applies on other pages',
    );

    await page.goto(site.articleUrl);
    await openMenu();
    await page.getByRole('link', { name: 'Cỡ chữ mặc định' }).click();
    await page.waitForURL(site.articleUrl);
    assert.equal(await size(), before);
    assert.deepEqual(errors, []);
  });

  test('high contrast turns the page light-on-black and stays accessible', async () => {
    const { page } = await site.open();
    await page.goto(site.articleUrl);
    await page.getByRole('link', { name: 'Tương phản' }).click();
    await page.waitForURL(site.articleUrl);
    await page.reload();
    const colours = await page
      .locator('body')
      .evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]);
    assert.deepEqual(colours, ['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    const violations = (await runAxe(page)).filter((v) => v.id === 'color-contrast');
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  });
});

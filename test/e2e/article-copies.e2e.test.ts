import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { runAxe } from '../support/browser.js';
import { startDemoSite, type DemoSite } from '../support/demo-site.js';
import { pdfPagesText, squeeze } from '../support/pdf-text.js';

describe('print view and saved copy in Chromium', () => {
  let site: DemoSite;
  before(async () => (site = await startDemoSite('copies-e2e')));
  after(() => site?.close());

  test('"In bài viết" opens a print view whose A4 PDF has the headline and body and no comment form', async () => {
    const { page, errors } = await site.open();
    await page.goto(site.articleUrl);
    const headline = await page.locator('h1').innerText();
    const firstParagraph = (await page.locator('.article-body p').first().innerText()).slice(0, 120);
    assert.equal((await page.locator('.comments form, .comments a[href^="/dang-nhap"]').count()) > 0, true);

    await page.getByRole('link', { name: 'In bài viết' }).click();
    await page.waitForURL(/\/ban-in\//);
    assert.equal(await page.locator('h1').innerText(), headline);
    assert.equal(await page.locator('script, form, nav').count(), 0);
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));

    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = squeeze(pdfPagesText(pdf).join(''));
    assert.ok(text.includes(squeeze(headline)), `headline in the PDF: ${text.slice(0, 200)}`);
    assert.ok(text.includes(squeeze(firstParagraph)), 'body text in the PDF');
    assert.ok(text.includes(squeeze('Địa chỉ bài viết')), 'the address is printed');
    for (const absent of ['Ý kiến bạn đọc', 'Gửi ý kiến', 'Đăng nhập', 'Quay lại bài viết'])
      assert.ok(!text.includes(squeeze(absent)), `${absent} is not printed`);
    assert.deepEqual(errors, []);
  });

  test('"Lưu bài viết" downloads one file that opens offline with its headline and styles', async () => {
    const { page, context } = await site.open();
    await page.goto(site.articleUrl);
    const headline = await page.locator('h1').innerText();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Lưu bài viết' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^[a-z0-9-]+-\d+\.html$/);
    const file = path.join(site.dir, download.suggestedFilename());
    await download.saveAs(file);

    await context.setOffline(true);
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);
    assert.equal(await page.locator('h1').innerText(), headline);
    assert.equal(await page.locator('h1').isVisible(), true);
    assert.match(
      await page.locator('body').evaluate((el) => getComputedStyle(el).fontFamily),
      /Georgia/,
      'the inline stylesheet applies',
    );
    const broken = await page
      .locator('img')
      .evaluateAll((imgs) =>
        (imgs as HTMLImageElement[]).filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src.slice(0, 80)),
      );
    assert.deepEqual(broken, [], 'every image is in the file');
    assert.deepEqual(requests, [], 'nothing is fetched from the network');
  });
});

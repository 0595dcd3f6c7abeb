import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createMediaDeps, findMedia, uploadMedia } from '../src/media/media.service.js';
import { figureHtml } from '../src/media/media-urls.js';
import { actor } from './support/actors.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SITE_URL = 'https://skhcn.example.gov.vn';

for (const dialect of backends()) {
  describe(`"In bài viết" and "Lưu bài viết", ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    let url: string;
    let imageBytes: Buffer;

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-copies-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dataDir, SITE_URL, PAGE_CACHE_SECONDS: '0' } });
      const categoryId = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
      const photo = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#2a6f97' } })
        .jpeg()
        .toBuffer();
      const media = createMediaDeps(t.database.handle, t.config, t.site.now);
      const uploaded = await uploadMedia(media, actor('editor', 'Biên tập Chi'), {
        filename: 'phong-thi-nghiem.jpg',
        data: photo,
        alt: 'Phòng thí nghiệm',
      });
      const row = (await findMedia(t.database.handle.kysely, uploaded.id))!;
      imageBytes = (await media.store.get(`${row.storage_key}-960.webp`))!;
      url = (
        await makeArticle(t.site, {
          categoryId,
          title: 'Đổi mới sáng tạo ở Đắk Lắk',
          sapo: 'Tóm tắt ngắn của bài.',
          body: `<p>Đoạn mở đầu của bài viết.</p>${figureHtml(row, 'Ảnh: phòng thí nghiệm').value}<p>Xem <a href="/khoa-hoc">chuyên mục</a>.</p>`,
          byline: 'Trần Thị Bình',
        })
      ).url;
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('the article links to its print view and its saved copy', async () => {
      const body = (await t.app.inject(url)).body;
      assert.ok(body.includes(`<a href="/ban-in${url}" rel="nofollow">In bài viết</a>`));
      assert.ok(body.includes(`<a href="/luu${url}" rel="nofollow" download>Lưu bài viết</a>`));
    });

    test('the print view has the article and its address, and no menu, comment, form or script', async () => {
      const res = await t.app.inject(`/ban-in${url}`);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      const body = res.body;
      assert.match(body, /<h1>Đổi mới sáng tạo ở Đắk Lắk<\/h1>/);
      assert.match(body, /<time datetime="[^"]+">\d\d:\d\d \d\d\/\d\d\/\d{4}<\/time>/);
      for (const text of [
        'Tóm tắt ngắn của bài.',
        'Đoạn mở đầu của bài viết.',
        'Trần Thị Bình',
        'Cổng thông tin thử nghiệm',
      ])
        assert.ok(body.includes(text), text);
      assert.ok(body.includes(`Địa chỉ bài viết: <a href="${SITE_URL}${url}">${SITE_URL}${url}</a>`));
      assert.ok(body.includes('<meta name="robots" content="noindex">'));
      assert.match(body, /<link rel="stylesheet" href="\/assets\/print\.[0-9a-f]{12}\.css">/);
      for (const absent of ['<script', '<form', '<nav', 'Ý kiến bạn đọc', 'loading="lazy"', 'site-header'])
        assert.ok(!body.includes(absent), absent);
      const css = await t.app.inject(/href="(\/assets\/print\.[^"]+)"/.exec(body)![1]!);
      assert.match(css.body, /@page\s*\{\s*size: A4;/);
    });

    test('an old slug is sent to the print view of the canonical address; an unknown article is a 404', async () => {
      const id = /-(\d+)\.html$/.exec(url)![1]!;
      const old = await t.app.inject(`/ban-in/khoa-hoc/ten-cu-${id}.html`);
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, `/ban-in${url}`);
      assert.equal((await t.app.inject('/ban-in/khoa-hoc/khong-co-999999.html')).statusCode, 404);
      assert.equal((await t.app.inject('/luu/khoa-hoc/khong-co-999999.html')).statusCode, 404);
    });

    test('the saved copy is one HTML file: attachment named from the slug, CSS inline, images as data: URIs', async () => {
      const res = await t.app.inject(`/luu${url}`);
      assert.equal(res.statusCode, 200);
      const name = `${/\/([^/]+)$/.exec(url)![1]!}`;
      assert.equal(res.headers['content-disposition'], `attachment; filename="${name}"; filename*=UTF-8''${name}`);
      const body = res.body;
      assert.ok(body.includes('<h1>Đổi mới sáng tạo ở Đắk Lắk</h1>'));
      assert.ok(!body.includes('<link rel="stylesheet"'), 'no stylesheet to fetch');
      assert.match(body, /<style>[^<]*@page/);
      const img = /<img [^>]*>/.exec(body)![0];
      assert.ok(img.includes(`src="data:image/webp;base64,${imageBytes.toString('base64')}"`), 'the 960px variant');
      assert.ok(!img.includes('srcset'), 'no other variants to fetch');
      assert.ok(
        body.includes(`<a href="${SITE_URL}/khoa-hoc" rel="noopener">chuyên mục</a>`),
        'links point back at the site',
      );
      assert.ok(!/\s(?:src|href)="\/(?!\/)/.test(body), 'nothing relative is left');
      assert.ok(!body.includes('<script'));
    });
  });
}

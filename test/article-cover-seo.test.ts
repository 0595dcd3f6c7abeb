import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createMediaDeps, uploadMedia } from '../src/media/media.service.js';
import { createArticle, publishArticle } from '../src/newsroom/newsroom.service.js';
import { actor } from './support/actors.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { Client } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SITE_URL = 'https://skhcn.example.gov.vn';

/** The content of one <meta property|name="…"> tag, or undefined. */
function metaContent(body: string, key: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(body)?.[1];
}

for (const dialect of backends()) {
  describe(`SEO fields and cover images on public pages, ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    let categoryId: number;
    let coverId: number;
    const editor = actor('editor', 'Biên tập Chi');

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-cover-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dataDir, SITE_URL, PAGE_CACHE_SECONDS: '0' } });
      categoryId = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
      const photo = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#2a6f97' } })
        .jpeg()
        .toBuffer();
      const media = createMediaDeps(t.database.handle, t.config, t.site.now);
      coverId = (
        await uploadMedia(media, editor, { filename: 'hoi-nghi.jpg', data: photo, alt: 'Hội nghị "tổng kết" <2026>' })
      ).id;
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function publish(over: Record<string, unknown>): Promise<string> {
      const a = await createArticle(t.site.deps, editor, {
        title: 'Tiêu đề bài viết',
        sapo: 'Sapo của bài.',
        bodyHtml: '<p>Nội dung.</p>',
        categoryId,
        ...over,
      });
      await publishArticle(t.site.deps, editor, a.id, { version: a.version });
      return `/khoa-hoc/${a.slug}-${a.id}.html`;
    }

    test('the SEO title and description lead <title>, the description and Open Graph; the cover is og:image', async () => {
      const url = await publish({
        title: 'Công bố kết quả nghiệm thu',
        seoTitle: 'Kết quả nghiệm thu <đề tài> "cấp tỉnh"',
        seoDescription: 'Mô tả cho máy tìm kiếm & mạng xã hội.',
        coverMediaId: coverId,
      });
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200);
      const body = res.body;
      assert.ok(
        body.includes(
          '<title>Kết quả nghiệm thu &lt;đề tài&gt; &quot;cấp tỉnh&quot; - Cổng thông tin thử nghiệm</title>',
        ),
        'escaped SEO title',
      );
      assert.equal(metaContent(body, 'description'), 'Mô tả cho máy tìm kiếm &amp; mạng xã hội.');
      assert.equal(metaContent(body, 'og:title'), 'Kết quả nghiệm thu &lt;đề tài&gt; &quot;cấp tỉnh&quot;');
      assert.equal(metaContent(body, 'og:description'), 'Mô tả cho máy tìm kiếm &amp; mạng xã hội.');
      assert.equal(metaContent(body, 'og:type'), 'article');
      assert.equal(metaContent(body, 'og:url'), SITE_URL + url);
      assert.match(
        metaContent(body, 'og:image') ?? '',
        /^https:\/\/skhcn\.example\.gov\.vn\/media\/[0-9a-f]{24}-1600\.webp$/,
        'the largest variant, absolute',
      );
      assert.equal(metaContent(body, 'og:image:width'), '1600');
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(body)![1]!) as {
        image: { url: string; width: number; height: number };
      };
      assert.deepEqual(ld.image, {
        '@type': 'ImageObject',
        url: metaContent(body, 'og:image'),
        width: 1600,
        height: 800,
      });
      assert.equal(metaContent(body, 'og:image:height'), '800');
      assert.equal(metaContent(body, 'og:image:alt'), 'Hội nghị &quot;tổng kết&quot; &lt;2026&gt;');
      // The headline on the page stays the headline; the SEO title is for search results.
      assert.match(body, /<h1 class="article-title">Công bố kết quả nghiệm thu<\/h1>/);

      const cover = /<figure class="article-cover">(<img [^>]+>)<\/figure>/.exec(body)?.[1];
      assert.ok(cover, 'the cover is shown at the top of the article');
      assert.match(cover, /src="\/media\/[0-9a-f]{24}\.jpg"/);
      assert.match(
        cover,
        /srcset="\/media\/[0-9a-f]{24}-480\.webp 480w, \/media\/[0-9a-f]{24}-960\.webp 960w, \/media\/[0-9a-f]{24}-1600\.webp 1600w"/,
      );
      assert.match(cover, /sizes="\(max-width: 760px\) 100vw, 720px" width="1600" height="800"/);
      assert.match(cover, /alt="Hội nghị &quot;tổng kết&quot; &lt;2026&gt;"/);
      assert.ok(!cover.includes('loading="lazy"'), 'the cover is above the fold: not lazy');
      assert.ok(body.indexOf('article-cover') < body.indexOf('article-body'), 'before the body');
      const file = await t.app.inject(/src="(\/media\/[^"]+)"/.exec(cover)![1]!);
      assert.equal(file.statusCode, 200, 'the cover file is served');
    });

    test('without SEO fields or a cover: the headline and sapo, and no og:image', async () => {
      const url = await publish({ title: 'Bài không có ảnh bìa', sapo: 'Sapo <ngắn> của bài.' });
      const body = (await t.app.inject(url)).body;
      assert.ok(body.includes('<title>Bài không có ảnh bìa - Cổng thông tin thử nghiệm</title>'));
      assert.equal(metaContent(body, 'description'), 'Sapo &lt;ngắn&gt; của bài.');
      assert.equal(metaContent(body, 'og:description'), 'Sapo &lt;ngắn&gt; của bài.');
      assert.equal(metaContent(body, 'og:image'), undefined);
      assert.ok(!body.includes('article-cover'));
    });

    test('home and category lists show covers as responsive thumbnails; rows without one have none', async () => {
      await publish({ title: 'Bài có ảnh trong danh sách', coverMediaId: coverId });
      await publish({ title: 'Bài mới nhất không ảnh' });
      const category = (await t.app.inject('/khoa-hoc')).body;
      const teasers = category.match(/<article class="teaser">.*?<\/article>/gs) ?? [];
      const withCover = teasers.find((x) => x.includes('Bài có ảnh trong danh sách'));
      const without = teasers.find((x) => x.includes('Bài mới nhất không ảnh'));
      assert.ok(withCover && without);
      assert.match(
        withCover,
        /<img class="teaser-thumb" src="\/media\/[0-9a-f]{24}\.jpg" srcset="[^"]+-480\.webp 480w, [^"]+ 1600w" sizes="128px" width="1600" height="800" alt="[^"]*" loading="lazy">/,
      );
      assert.ok(!without.includes('<img'));

      const home = (await t.app.inject('/')).body;
      // The newest article (no cover) leads; the others are teasers, with their thumbnails.
      assert.match(
        home,
        /<section class="lead-story"[^>]*>\s*<h2[^>]*>[^<]*<\/h2>\s*<article>\s*<h3 class="lead-title"><a [^>]+>Bài mới nhất không ảnh/,
      );
      assert.ok(
        (home.match(/class="teaser-thumb"/g) ?? []).length >= 2,
        'covers in the latest list and the category block',
      );
    });

    test('the staff preview uses the same title, description and cover as the public page', async () => {
      const a = await createArticle(t.site.deps, editor, {
        title: 'Bản nháp có ảnh',
        seoTitle: 'Tiêu đề SEO nháp',
        categoryId,
        coverMediaId: coverId,
      });
      await makeUser(t, { email: 'xem@example.vn', role: 'editor' });
      // SITE_URL is set, so requests must come from that origin.
      const client = new Client(t.app, { origin: SITE_URL });
      await client.logIn('xem@example.vn', STAFF_PASSWORD);
      const preview = await client.get(`/quan-tri/bai-viet/${a.id}/xem-truoc`);
      assert.equal(preview.statusCode, 200);
      assert.ok(preview.body.includes('<title>Tiêu đề SEO nháp - Cổng thông tin thử nghiệm</title>'));
      assert.match(preview.body, /<figure class="article-cover"><img class="cover-image"/);
      assert.match(preview.body, /<meta name="robots" content="noindex">/);
    });
  });
}

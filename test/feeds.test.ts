import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
} from '../src/documents/documents.service.js';
import { backends } from './support/databases.js';
import { makeUser } from './support/accounts.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`feeds and sitemaps on ${dialect}`, () => {
    let t: TestApp;
    let url: string;

    before(async () => {
      t = await createTestApp(dialect, { env: { SITE_URL: 'https://skhcn.example.vn' } });
      const cat = await makeCategory(t.site, { slug: 'thong-bao', name: 'Thông báo' });
      url = (
        await makeArticle(t.site, {
          categoryId: cat,
          title: 'Thông báo <khẩn> & "quan trọng"',
          sapo: 'Tóm tắt & chi tiết',
        })
      ).url;
      await makeArticle(t.site, { categoryId: cat, title: 'Bản nháp', status: 'draft' });
    });
    after(() => t.close());

    test('the site feed is valid RSS with absolute links and escaped text', async () => {
      const res = await t.app.inject('/rss.xml');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/rss\+xml/);
      assert.match(res.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
      assert.ok(res.body.includes('<title>Thông báo &lt;khẩn&gt; &amp; &quot;quan trọng&quot;</title>'));
      assert.ok(res.body.includes(`<link>https://skhcn.example.vn${url}</link>`));
      assert.ok(!res.body.includes('Bản nháp'));
      assert.equal((res.body.match(/<item>/g) ?? []).length, 1);
    });

    test('a category has its own feed; an unknown one is 404', async () => {
      const res = await t.app.inject('/thong-bao/rss.xml');
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('<title>Thông báo - '));
      assert.equal((await t.app.inject('/khong-co/rss.xml')).statusCode, 404);
    });

    test('the sitemap index points to slices that list every published article', async () => {
      const index = await t.app.inject('/sitemap.xml');
      assert.equal(index.statusCode, 200);
      const locs = [...index.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
      assert.deepEqual(locs, [
        'https://skhcn.example.vn/sitemap/trang.xml',
        'https://skhcn.example.vn/sitemap/tin-moi.xml',
        'https://skhcn.example.vn/sitemap/van-ban.xml',
        'https://skhcn.example.vn/sitemap/bai-viet-1.xml',
      ]);
      const slice = await t.app.inject('/sitemap/bai-viet-1.xml');
      assert.ok(slice.body.includes(`<loc>https://skhcn.example.vn${url}</loc>`));
      assert.ok(!slice.body.includes('ban-nhap'));
      const pages = await t.app.inject('/sitemap/trang.xml');
      assert.ok(pages.body.includes('<loc>https://skhcn.example.vn/thong-bao</loc>'));
      for (const bad of ['/sitemap/bai-viet-0.xml', '/sitemap/bai-viet-x.xml', '/sitemap/khac.xml']) {
        assert.equal((await t.app.inject(bad)).statusCode, 404, bad);
      }
    });

    test('the văn bản library and the organisation’s pages are in the sitemap; restricted and draft documents are not', async () => {
      const deps = documentDeps(t.site);
      await ensureDocumentTypes(deps);
      const typeId = (await listDocumentTypes(deps))[0]!.id;
      const editorId = await makeUser(t, { email: 'bientap@skhcn.example.vn', role: 'editor', name: 'Biên tập viên' });
      const by: Actor = { id: editorId, role: 'editor', displayName: 'Biên tập viên' };
      const fields = (code: string, more: Record<string, unknown> = {}) => ({
        code,
        typeId,
        issuer: 'UBND tỉnh',
        issuedOn: '02/03/2024',
        summary: `Văn bản ${code}`,
        status: 'con_hieu_luc',
        ...more,
      });
      const open = await createDocument(deps, by, fields('15/KH-SKHCN'), { publish: true, files: [] });
      const restricted = await createDocument(deps, by, fields('16/BC-SKHCN', { visibleRoles: ['editor'] }), {
        publish: true,
        files: [],
      });
      const draft = await createDocument(deps, by, fields('17/TB-SKHCN'), { publish: false, files: [] });

      const docs = await t.app.inject('/sitemap/van-ban.xml');
      assert.equal(docs.statusCode, 200);
      const locs = [...docs.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
      assert.deepEqual(locs, [
        'https://skhcn.example.vn/van-ban',
        'https://skhcn.example.vn/van-ban/du-thao',
        `https://skhcn.example.vn/van-ban/${open.slug}`,
      ]);
      assert.match(docs.body, /<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/);
      assert.ok(!docs.body.includes(restricted.slug) && !docs.body.includes(draft.slug));

      const pages = (await t.app.inject('/sitemap/trang.xml')).body;
      for (const p of ['/gioi-thieu', '/chuc-nang-nhiem-vu', '/co-cau-to-chuc', '/lanh-dao', '/lien-he', '/en/'])
        assert.ok(pages.includes(`<loc>https://skhcn.example.vn${p}</loc>`), p);
      assert.ok(!pages.includes('/en/functions'), 'an English page not written yet is not listed');
    });

    test('robots.txt names the sitemap and keeps crawlers out of the back office', async () => {
      const res = await t.app.inject('/robots.txt');
      assert.match(res.body, /Disallow: \/quan-tri/);
      assert.match(res.body, /Sitemap: https:\/\/skhcn\.example\.vn\/sitemap\.xml/);
    });
  });
}

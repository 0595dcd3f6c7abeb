import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CSRF_MARKER } from '../src/web/csrf.js';
import { backends } from './support/databases.js';
import { Client, csrfFrom } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// With PAGE_CACHE_SECONDS=0 a guest's page with a form is filled and sent
// straight from the render, not through the cache's stored parts.
for (const dialect of backends()) {
  describe(`pages rendered on every request on ${dialect}`, () => {
    let t: TestApp;
    let offset = 0;
    let article: { id: number; url: string };
    let categoryId: number;

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(Date.now() + offset), env: { PAGE_CACHE_SECONDS: '0' } });
      categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      article = await makeArticle(t.site, { categoryId, title: 'Bài không lưu đệm' });
    });
    after(() => t.close());

    test('a guest gets the article with a working form token, no cookie and no slot left unfilled', async () => {
      const guest = new Client(t.app);
      const page = await guest.get(article.url);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'private, no-cache');
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(page.headers['set-cookie'], undefined);
      assert.equal(Number(page.headers['content-length']), Buffer.byteLength(page.body));
      assert.ok(!page.body.includes(CSRF_MARKER), 'every form slot is filled');
      assert.match(page.body, /<h1 class="article-title">Bài không lưu đệm<\/h1>/);
      offset += 5000;
      const res = await guest.post('/y-kien', {
        articleId: String(article.id),
        _csrf: csrfFrom(page.body),
        name: 'Khách đọc bài',
        email: 'khach@example.vn',
        body: 'Góp ý gửi từ trang không lưu đệm.',
      });
      assert.ok(res.statusCode < 400, `${res.statusCode} ${res.body.slice(0, 200)}`);
      const saved = await t.database.handle.kysely
        .selectFrom('comments')
        .select('status')
        .where('author_name', '=', 'Khách đọc bài')
        .execute();
      assert.deepEqual(saved, [{ status: 'pending' }]);
    });

    test('an article is read again after a change, and one published for later shows at its time', async () => {
      const guest = new Client(t.app);
      const later = await makeArticle(t.site, {
        categoryId,
        title: 'Bài lên sau một phút',
        publishedAt: new Date(Date.now() + offset + 60_000).toISOString(),
      });
      assert.equal((await guest.get(later.url)).statusCode, 404);
      offset += 61_000;
      // No scheduler run in between: the content version is the same as for the 404.
      const shown = await guest.get(later.url);
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /<h1 class="article-title">Bài lên sau một phút<\/h1>/);

      await t.database.handle.kysely
        .updateTable('articles')
        .set({ title: 'Bài đã sửa tên' })
        .where('id', '=', later.id)
        .execute();
      t.site.contentChanged();
      assert.match((await guest.get(later.url)).body, /<h1 class="article-title">Bài đã sửa tên<\/h1>/);
    });
  });
}

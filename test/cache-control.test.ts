import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { searchUrl } from '../src/search/search.views.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { Client } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// What a CDN or the proxy's micro-cache may keep: guests' pages without a form, lists for a minute and
// articles for five; never a page with a form token or one made for a signed-in reader.
describe('Cache-Control of public pages', () => {
  let t: TestApp;
  let openArticle: string;
  let closedArticle: string;

  before(async () => {
    t = await createTestApp('sqlite');
    const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    openArticle = (await makeArticle(t.site, { categoryId: news, title: 'Hội nghị tổng kết năm' })).url;
    const closed = await makeArticle(t.site, { categoryId: news, title: 'Thông báo nghỉ lễ' });
    closedArticle = closed.url;
    await t.database.handle.kysely
      .updateTable('articles')
      .set({ comments_closed: 1 })
      .where('id', '=', closed.id)
      .execute();
    t.site.contentChanged();
    await makeUser(t, { email: 'ban.doc@example.vn', role: 'reader' });
  });
  after(() => t.close());

  const search = searchUrl({ q: 'hội nghị', categorySlug: '', from: '', to: '', sort: 'lien-quan' }, 1);
  for (const [name, url] of [
    ['home', '/'],
    ['category', '/tin-tuc'],
    ['search', search],
  ] as const) {
    test(`a list (${name}) may be shared for a minute, and its revalidation too`, async () => {
      for (const round of ['rendered', 'cached']) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, round);
        assert.equal(res.headers['cache-control'], 'public, max-age=60', round);
        const again = await t.app.inject({ url, headers: { 'if-none-match': String(res.headers.etag) } });
        assert.equal(again.statusCode, 304);
        assert.equal(again.headers['cache-control'], 'public, max-age=60');
      }
    });
  }

  test('an article without a comment form may be shared for five minutes', async () => {
    const res = await t.app.inject({ url: closedArticle });
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /name="_csrf"/);
    assert.equal(res.headers['cache-control'], 'public, max-age=300');
  });

  test('an article with the comment form carries a token, so it is only revalidated, never shared', async () => {
    const res = await t.app.inject({ url: openArticle });
    assert.match(res.body, /name="_csrf"/);
    assert.equal(res.headers['cache-control'], 'private, no-cache');
  });

  test('a signed-in reader’s pages are never stored by anyone', async () => {
    const reader = new Client(t.app);
    const login = await reader.logIn('ban.doc@example.vn', STAFF_PASSWORD);
    assert.equal(login.statusCode, 303);
    for (const url of ['/', '/tin-tuc', closedArticle, openArticle]) {
      const res = await reader.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'private, no-store', url);
    }
  });
});

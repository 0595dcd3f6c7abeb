import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_OWNED } from '../src/comments/owner-cookies.js';
import { backends } from './support/databases.js';
import { afterComment, Client, commentNoticeIn, csrfFrom } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const POSTS = 30;

for (const dialect of backends()) {
  describe(`a guest who posts many comments, on ${dialect}`, () => {
    let t: TestApp;
    let clockOffset = 0;
    let article: { id: number; url: string };
    const guest = () => new Client(t.app);
    let author: Client;
    const ids: number[] = [];

    before(async () => {
      t = await createTestApp(dialect, {
        now: () => new Date(Date.now() + clockOffset),
        env: { COMMENT_IP_LIMIT: '1000' },
      });
      const cat = await makeCategory(t.site, { slug: 'tin-tuc' });
      article = await makeArticle(t.site, { categoryId: cat });
      author = guest();
      for (let i = 0; i < POSTS; i++) {
        const page = await author.get(article.url);
        assert.equal(page.statusCode, 200);
        clockOffset += 4000;
        const res = await author.post('/y-kien', {
          articleId: String(article.id),
          _csrf: csrfFrom(page.body),
          name: 'Khách hay viết',
          // The per-account limit counts a guest by email.
          email: `khach${i}@example.vn`,
          body: `Ý kiến thứ ${i + 1} của cùng một khách.`,
        });
        const back = await afterComment(author, res, article.url);
        assert.match(commentNoticeIn(back.body) ?? '', /đang chờ duyệt/);
        // The newest of the guest's own, listed oldest first, is the one just sent.
        ids.push(Number([...back.body.matchAll(/action="\/y-kien\/(\d+)\/xoa"/g)].at(-1)![1]));
      }
    });
    after(() => t.close());

    test('keeps one cookie of bounded size, and every page still answers', async () => {
      assert.deepEqual(
        [...author.cookies.keys()].filter((name) => name.startsWith('ts_yk')),
        ['ts_yk'],
      );
      const header = [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      assert.ok(header.length < 1400, `${header.length} bytes of cookies`);
      for (const url of [article.url, '/', '/tai-khoan', `/y-kien/${ids.at(-1)}/sua`]) {
        const res = await author.get(url);
        assert.ok(res.statusCode === 200 || res.statusCode === 303, `${url}: ${res.statusCode}`);
      }
    });

    test('the newest comments stay editable by that guest; the oldest beyond the bound no longer', async () => {
      const page = await author.get(article.url);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'private, no-store', 'the guest’s own page');
      for (const id of ids.slice(-MAX_OWNED)) {
        assert.match(page.body, new RegExp(`action="/y-kien/${id}/xoa"`), `comment ${id} offered for change`);
        assert.equal((await author.get(`/y-kien/${id}/sua`)).statusCode, 200, `comment ${id}`);
      }
      for (const id of ids.slice(0, -MAX_OWNED))
        assert.equal((await author.get(`/y-kien/${id}/sua`)).statusCode, 404, `comment ${id}`);
      const newest = ids.at(-1)!;
      const edited = await author.post(`/y-kien/${newest}/sua`, {
        body: 'Ý kiến mới nhất, đã sửa.',
        _csrf: csrfFrom(page.body),
      });
      assert.equal(edited.statusCode, 303);
    });

    test('a tampered cookie gives no access', async () => {
      const value = author.cookies.get('ts_yk')!;
      const [entries, mac] = value.split('!') as [string, string];
      const newest = ids.at(-1)!;
      const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'a' ? 'b' : 'a') + s.slice(at + 1);
      const tampered = [
        // Another comment's id with this guest's token.
        `${entries.replace(`${newest}.`, `${ids[0]}.`)}!${mac}`,
        `${flip(entries, entries.length - 1)}!${mac}`,
        `${entries}!${flip(mac, 0)}`,
        entries,
      ];
      for (const cookie of tampered) {
        const stranger = guest();
        stranger.cookies.set('ts_yk', cookie);
        // No token is read from it, so the edit form sends the stranger to sign in.
        assert.equal((await stranger.get(`/y-kien/${newest}/sua`)).statusCode, 303, cookie);
        const page = await stranger.get(article.url);
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /action="\/y-kien\/\d+\/xoa"/, 'nothing offered for change');
        const del = await stranger.post(`/y-kien/${newest}/xoa`, { _csrf: csrfFrom(page.body) });
        assert.equal(del.statusCode, 403);
      }
      const still = await t.database.handle.kysely
        .selectFrom('comments')
        .select('id')
        .where('id', '=', newest)
        .executeTakeFirst();
      assert.ok(still, 'not deleted');
    });
  });
}

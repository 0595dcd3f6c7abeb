import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import { createArticle, submitArticle } from '../src/newsroom/newsroom.service.js';
import type { Client } from './support/client.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The headlines in the list's table, in order. */
function titles(body: string): string[] {
  return [...body.matchAll(/<tr><td><input [^>]*><\/td><td><a href="\/quan-tri\/bai-viet\/\d+">([^<]*)<\/a>/g)].map(
    (m) => m[1]!,
  );
}

for (const dialect of backends()) {
  describe(`the newsroom's article list on ${dialect}: pages and filters`, () => {
    let t: TestApp;
    let news: number;
    let notices: number;
    let economy: number;
    let editor: Client;
    let authorA: { id: number; client: Client };
    let authorB: { id: number; client: Client };

    before(async () => {
      t = await createTestApp(dialect);
      news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      notices = await makeCategory(t.site, { slug: 'thong-bao', name: 'Thông báo', parentSlug: 'tin-tuc' });
      economy = await makeCategory(t.site, { slug: 'kinh-te', name: 'Kinh tế' });
      editor = (await signedIn(t, 'editor', 'Biên tập Chi')).client;
      authorA = await signedIn(t, 'author', 'Phóng viên An');
      authorB = await signedIn(t, 'author', 'Phóng viên <Bình>');
      const a: Actor = { id: authorA.id, role: 'author', displayName: 'Phóng viên An' };
      const b: Actor = { id: authorB.id, role: 'author', displayName: 'Phóng viên <Bình>' };
      for (let i = 1; i <= 55; i++)
        await createArticle(t.site.deps, a, { title: `Tin ngắn số ${i}`, categoryId: news });
      const seminar = await createArticle(t.site.deps, b, { title: 'Hội thảo Chuyển đổi số', categoryId: notices });
      await submitArticle(t.site.deps, b, seminar.id, { version: seminar.version });
      await createArticle(t.site.deps, b, { title: 'Giá điện giảm 100%_thử', categoryId: economy });
    });
    after(() => t.close());

    const list = async (client: Client, query = '') => {
      const res = await client.get(`/quan-tri/bai-viet${query}`);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      return res.body;
    };

    test('pages of 50, newest change first, with numbered links that keep the filters', async () => {
      const first = await list(editor);
      assert.match(first, /<h1 class="page-title">Bài viết <small>57 bài<\/small><\/h1>/);
      const rows = titles(first);
      assert.equal(rows.length, 50);
      assert.equal(rows[0], 'Giá điện giảm 100%_thử');
      assert.match(first, /<a rel="next" href="\/quan-tri\/bai-viet\?trang=2">/);
      const second = titles(await list(editor, '?trang=2'));
      assert.equal(second.length, 7);
      assert.equal(second[6], 'Tin ngắn số 1');
      assert.equal(new Set([...rows, ...second]).size, 57, 'no article on both pages');

      const drafts = await list(editor, '?trang-thai=draft');
      assert.match(drafts, /<a rel="next" href="\/quan-tri\/bai-viet\?trang-thai=draft&amp;trang=2">/);
      assert.match(drafts, /<option value="draft" selected>/);
      assert.match(await list(editor, '?trang=9'), /<p>Không có bài nào\.<\/p>/);
    });

    test('filters by status, category (a parent includes its children), author and headline', async () => {
      assert.deepEqual(titles(await list(editor, '?trang-thai=submitted')), ['Hội thảo Chuyển đổi số']);
      assert.deepEqual(titles(await list(editor, `?chuyen-muc=${notices}`)), ['Hội thảo Chuyển đổi số']);
      const parent = await list(editor, `?chuyen-muc=${news}`);
      assert.match(parent, /<small>56 bài<\/small>/, 'the parent category lists its child’s article too');
      assert.deepEqual(titles(await list(editor, `?tac-gia=${authorB.id}`)), [
        'Giá điện giảm 100%_thử',
        'Hội thảo Chuyển đổi số',
      ]);
      assert.deepEqual(titles(await list(editor, `?tac-gia=${authorB.id}&chuyen-muc=${economy}&trang-thai=draft`)), [
        'Giá điện giảm 100%_thử',
      ]);
      // The title search ignores marks and case, and takes % and _ literally.
      for (const q of ['hoi thao', 'HỘI THẢO', 'chuyen  doi']) {
        assert.deepEqual(titles(await list(editor, `?q=${encodeURIComponent(q)}`)), ['Hội thảo Chuyển đổi số'], q);
      }
      assert.deepEqual(titles(await list(editor, '?q=%25')), ['Giá điện giảm 100%_thử']);
      assert.deepEqual(titles(await list(editor, '?q=_')), ['Giá điện giảm 100%_thử']);
      assert.equal(titles(await list(editor, '?q=so+1')).length, 11, '"số 1", "số 10" … "số 19"');
      const page = await list(editor, `?tac-gia=${authorB.id}`);
      assert.match(page, /<td>Phóng viên &lt;Bình&gt;<\/td>/, 'the author column, escaped');
      assert.ok(
        page.includes(`<option value="${authorB.id}" selected>Phóng viên &lt;Bình&gt;</option>`),
        'the chosen author stays chosen',
      );
    });

    test('an author sees only their own articles, whatever the query asks for', async () => {
      const own = await list(authorB.client, `?tac-gia=${authorA.id}`);
      assert.deepEqual(titles(own), ['Giá điện giảm 100%_thử', 'Hội thảo Chuyển đổi số']);
      assert.ok(!own.includes('id="tac-gia"'), 'no author filter for authors');
    });

    test('a bad filter is a 400 with a Vietnamese message, never a 500', async () => {
      for (const query of [
        '?trang-thai=xoa',
        '?trang=0',
        '?trang=abc',
        '?chuyen-muc=999999',
        '?tac-gia=-1',
        `?q=${'a'.repeat(201)}`,
      ]) {
        const res = await editor.get(`/quan-tri/bai-viet${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.match(res.body, /Bộ lọc không hợp lệ/, query);
      }
    });

    test('"Tin nổi bật" is marked in the list, and "Chỉ tin nổi bật" lists those alone', async () => {
      const author: Actor = { id: authorA.id, role: 'author', displayName: 'Phóng viên An' };
      await createArticle(t.site.deps, author, { title: 'Tin nổi bật của tuần', categoryId: news, featured: true });
      const all = await list(editor);
      assert.match(
        all,
        /<a href="\/quan-tri\/bai-viet\/\d+">Tin nổi bật của tuần<\/a> <span class="badge">Nổi bật<\/span>/,
      );
      assert.equal((all.match(/<span class="badge">Nổi bật<\/span>/g) ?? []).length, 1, 'the others carry no badge');
      assert.match(
        all,
        /<input type="checkbox" id="noi-bat" name="noi-bat" value="1"><label for="noi-bat">Chỉ tin nổi bật<\/label>/,
      );
      const featured = await list(editor, '?noi-bat=1');
      assert.deepEqual(titles(featured), ['Tin nổi bật của tuần']);
      assert.match(featured, /id="noi-bat" name="noi-bat" value="1" checked>/, 'the box stays ticked');
      assert.deepEqual(titles(await list(editor, `?noi-bat=1&chuyen-muc=${economy}`)), [], 'with the other filters');
      const bad = await editor.get('/quan-tri/bai-viet?noi-bat=co');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Bộ lọc không hợp lệ/);
    });
  });
}

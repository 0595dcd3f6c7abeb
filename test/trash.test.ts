import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, csrfFrom, formFields } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Ticks `ids` in the list's bulk form and posts `action`, as the form does; `confirmed` answers the question. */
function bulkForm(page: string, action: string, ids: readonly number[], extra: Record<string, string> = {}) {
  const form = new URLSearchParams({ _csrf: csrfFrom(page), action, ...extra });
  for (const id of ids) form.append('ids', String(id));
  return form;
}

for (const dialect of backends()) {
  describe(`the trash and bulk article actions on ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    let editor: Client;
    let admin: Client;
    let author: Client;
    const guest = () => new Client(t.app);

    before(async () => {
      // The page cache is on: what leaves the site must leave the cached pages too.
      t = await createTestApp(dialect, { env: { PAGE_CACHE_SECONDS: '600' } });
      categoryId = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
      editor = (await signedIn(t, 'editor', 'Mai Biên Tập')).client;
      admin = (await signedIn(t, 'admin', 'Trần Quản Trị')).client;
      author = (await signedIn(t, 'author', 'Lý Phóng Viên')).client;
    });
    after(() => t.close());

    const listed = async (client: Client, url: string) => (await client.get(url)).body;

    test('bulk trash: asked once, the articles leave the public site, search, feeds and sitemap at once; "Hoàn tác" brings them back', async () => {
      const a = await makeArticle(t.site, { categoryId, title: 'Khánh thành cầu Rạch Miễu hai' });
      const b = await makeArticle(t.site, { categoryId, title: 'Khánh thành trường vùng cao' });
      const keep = await makeArticle(t.site, { categoryId, title: 'Khánh thành bệnh viện huyện' });
      // Warm the caches: the article page, the category page, search, the feed and the sitemap.
      const publicUrls = [
        a.url,
        '/thoi-su',
        `/tim-kiem?q=${encodeURIComponent('Khánh thành')}`,
        '/rss.xml',
        '/sitemap/bai-viet-1.xml',
      ];
      for (const url of publicUrls) assert.match((await guest().get(url)).body, /Rạch Miễu|rach-mieu/, url);

      const back = '/quan-tri/bai-viet?q=kh%C3%A1nh';
      const list = await listed(editor, back);
      assert.match(list, new RegExp(`<input type="hidden" name="tiep" value="${back.replace(/[?]/g, '\\?')}">`));
      const asked = await editor.postRaw(
        '/quan-tri/bai-viet/hang-loat',
        bulkForm(list, 'trash', [a.id, b.id], { tiep: back }).toString(),
      );
      assert.equal(asked.statusCode, 200, 'the question, nothing done yet');
      assert.match(
        asked.body,
        /Chuyển vào thùng rác 2 bài: “Khánh thành cầu Rạch Miễu hai”, “Khánh thành trường vùng cao”\?/,
      );
      assert.match((await guest().get(a.url)).body, /Rạch Miễu/, 'still public while asked');

      const done = await editor.post(
        '/quan-tri/bai-viet/hang-loat',
        formFields(asked.body, '/quan-tri/bai-viet/hang-loat'),
      );
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, back, 'back to the list with its filters');
      const after = await listed(editor, back);
      assert.match(after, /Đã chuyển 2 bài vào thùng rác\./);
      assert.doesNotMatch(after, />Khánh thành cầu Rạch Miễu hai</);
      assert.match(after, />Khánh thành bệnh viện huyện</);

      assert.equal((await guest().get(a.url)).statusCode, 404, 'the article page');
      for (const url of publicUrls.slice(1)) {
        const body = (await guest().get(url)).body;
        assert.doesNotMatch(body, /Rạch Miễu|rach-mieu/, url);
      }
      assert.match((await guest().get(keep.url)).body, /bệnh viện huyện/);

      // A reload of the list repeats nothing and the message is gone.
      assert.doesNotMatch(await listed(editor, back), /Đã chuyển 2 bài/);

      const trash = await listed(editor, '/quan-tri/thung-rac?loai=bai-viet');
      assert.match(trash, /Khánh thành cầu Rạch Miễu hai<\/td><td>Bài viết<\/td><td>Mai Biên Tập</);

      const undo = await editor.post(
        '/quan-tri/thung-rac/khoi-phuc',
        formFields(after, '/quan-tri/thung-rac/khoi-phuc'),
      );
      assert.equal(undo.statusCode, 303);
      assert.match(await listed(editor, '/quan-tri/bai-viet'), /Đã khôi phục 2 mục từ thùng rác\./);
      assert.equal((await guest().get(a.url)).statusCode, 200, 'published again, as it was');
      assert.match((await guest().get(`/tim-kiem?q=${encodeURIComponent('Khánh thành')}`)).body, /Rạch Miễu/);
      assert.match((await guest().get('/rss.xml')).body, /Rạch Miễu/);
      assert.doesNotMatch(await listed(editor, '/quan-tri/thung-rac'), /Rạch Miễu/);
      // The same undo again finds nothing: it changes nothing and says so.
      const again = await editor.post(
        '/quan-tri/thung-rac/khoi-phuc',
        formFields(after, '/quan-tri/thung-rac/khoi-phuc'),
      );
      assert.equal(again.statusCode, 303);
      assert.match(await listed(editor, '/quan-tri'), /không còn trong thùng rác/);
    });

    test('bulk publish and unpublish: only what the state allows, said in the message', async () => {
      const draft = await makeArticle(t.site, {
        categoryId,
        title: 'Bản nháp chờ xuất bản',
        status: 'draft',
        publishedAt: null,
      });
      const live = await makeArticle(t.site, { categoryId, title: 'Bài đang trên trang' });
      const list = await listed(editor, '/quan-tri/bai-viet');
      const ask = await editor.postRaw(
        '/quan-tri/bai-viet/hang-loat',
        bulkForm(list, 'publish', [draft.id, live.id]).toString(),
      );
      const done = await editor.post(
        '/quan-tri/bai-viet/hang-loat',
        formFields(ask.body, '/quan-tri/bai-viet/hang-loat'),
      );
      assert.equal(done.headers.location, '/quan-tri/bai-viet');
      const page = await listed(editor, '/quan-tri/bai-viet');
      assert.match(page, /Đã xuất bản 1 bài\. 1 bài không đổi được ở trạng thái hiện tại nên được giữ nguyên\./);
      assert.equal((await guest().get('/thoi-su')).body.includes('Bản nháp chờ xuất bản'), true);

      const ask2 = await editor.postRaw(
        '/quan-tri/bai-viet/hang-loat',
        bulkForm(page, 'unpublish', [draft.id]).toString(),
      );
      await editor.post('/quan-tri/bai-viet/hang-loat', formFields(ask2.body, '/quan-tri/bai-viet/hang-loat'));
      assert.match(await listed(editor, '/quan-tri/bai-viet'), /Đã gỡ khỏi trang 1 bài\./);
      assert.equal((await guest().get('/thoi-su')).body.includes('Bản nháp chờ xuất bản'), false);
    });

    test('bad bulk requests and bad filters: a Vietnamese notice on the list, never a 500', async () => {
      const list = await listed(editor, '/quan-tri/bai-viet');
      const none = await editor.postRaw('/quan-tri/bai-viet/hang-loat', bulkForm(list, 'trash', []).toString());
      assert.equal(none.statusCode, 303);
      assert.match(await listed(editor, '/quan-tri/bai-viet'), /Chưa chọn mục nào/);
      const odd = await editor.postRaw('/quan-tri/bai-viet/hang-loat', bulkForm(list, 'xoa-het', [1]).toString());
      assert.equal(odd.statusCode, 303);
      assert.match(await listed(editor, '/quan-tri/bai-viet'), /Thao tác không hợp lệ/);
      // The way back is only ever the list itself.
      const away = await editor.postRaw(
        '/quan-tri/bai-viet/hang-loat',
        bulkForm(list, 'trash', [], { tiep: 'https://example.com/' }).toString(),
      );
      assert.equal(away.headers.location, '/quan-tri/bai-viet');
      for (const url of [
        '/quan-tri/thung-rac?loai=rac',
        '/quan-tri/thung-rac?trang=0',
        '/quan-tri/bai-viet?trang-thai=xoa',
      ]) {
        const res = await editor.get(url);
        assert.equal(res.statusCode, 400, url);
        assert.match(res.body, /không hợp lệ/, url);
        assert.match(res.body, /<h1 class="page-title">/, `${url}: the list, not an error page`);
      }
    });

    test('an author cannot bulk-trash what is not theirs, and the trash page is for editors', async () => {
      const theirs = await makeArticle(t.site, { categoryId, title: 'Bài của người khác' });
      const list = await listed(author, '/quan-tri/bai-viet');
      const ask = await author.postRaw(
        '/quan-tri/bai-viet/hang-loat',
        bulkForm(list, 'trash', [theirs.id], { confirmed: '1' }).toString(),
      );
      assert.equal(ask.statusCode, 303);
      assert.match(await listed(author, '/quan-tri/bai-viet'), /Đã chuyển 0 bài vào thùng rác\. 1 bài không đổi được/);
      assert.equal((await guest().get(theirs.url)).statusCode, 200);
      assert.equal((await author.get('/quan-tri/thung-rac')).statusCode, 403);
    });

    test('deleting for good is for admins, asked first, and takes the article with it', async () => {
      const gone = await makeArticle(t.site, { categoryId, title: 'Bài sẽ xóa hẳn' });
      const list = await listed(editor, '/quan-tri/bai-viet');
      await editor.postRaw(
        '/quan-tri/bai-viet/hang-loat',
        bulkForm(list, 'trash', [gone.id], { confirmed: '1' }).toString(),
      );
      const entry = async () =>
        t.database.handle.kysely
          .selectFrom('trash')
          .select('id')
          .where('item_id', '=', gone.id)
          .where('kind', '=', 'article')
          .executeTakeFirst();
      const entryId = (await entry())!.id;

      const byEditor = await listed(editor, '/quan-tri/thung-rac');
      assert.doesNotMatch(byEditor, /<option value="purge">/, 'editors are not offered it');
      await editor.postRaw(
        '/quan-tri/thung-rac/hang-loat',
        bulkForm(byEditor, 'purge', [entryId], { confirmed: '1' }).toString(),
      );
      assert.match(await listed(editor, '/quan-tri/thung-rac'), /Chỉ quản trị viên được xóa hẳn/);
      assert.ok(await entry(), 'still in the trash');

      const page = await listed(admin, '/quan-tri/thung-rac');
      const ask = await admin.postRaw('/quan-tri/thung-rac/hang-loat', bulkForm(page, 'purge', [entryId]).toString());
      assert.match(ask.body, /Xóa hẳn 1 mục đã chọn\? Không thể khôi phục được nữa\./);
      const done = await admin.post(
        '/quan-tri/thung-rac/hang-loat',
        formFields(ask.body, '/quan-tri/thung-rac/hang-loat'),
      );
      assert.equal(done.statusCode, 303);
      assert.match(await listed(admin, '/quan-tri/thung-rac'), /Đã xóa hẳn 1 mục\./);
      assert.equal(await entry(), undefined);
      const row = await t.database.handle.kysely
        .selectFrom('articles')
        .select('id')
        .where('id', '=', gone.id)
        .executeTakeFirst();
      assert.equal(row, undefined);
      assert.match(await listed(admin, '/quan-tri/nhat-ky'), /đã xóa hẳn “Bài sẽ xóa hẳn” khỏi thùng rác\./);
    });
  });
}

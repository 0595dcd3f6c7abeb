import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, csrfFrom, formFields } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const LIST = '/quan-tri/chuyen-muc';

/** The category names of the public menu, in order. */
async function menu(t: TestApp): Promise<string[]> {
  const home = (await new Client(t.app).get('/')).body;
  const nav = home.slice(
    home.indexOf('<nav class="site-nav"'),
    home.indexOf('</nav>', home.indexOf('<nav class="site-nav"')),
  );
  return [...nav.matchAll(/<a href="\/([a-z0-9-]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => m[2]!);
}

/** The names of the tree's nodes, in order, with two spaces per level. */
function tree(page: string): string[] {
  const region = page.slice(page.indexOf('<ul class="category-tree">'));
  return [...region.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => {
    const before = region.slice(0, m.index);
    const depth = before.split('<ul class="category-tree">').length - before.split('</ul>').length;
    return `${'  '.repeat(depth - 1)}${m[1]}`;
  });
}

for (const dialect of backends()) {
  describe(`the category admin as a tree on ${dialect}`, () => {
    let t: TestApp;
    let admin: Client;
    let editor: Client;

    before(async () => {
      t = await createTestApp(dialect, { env: { PAGE_CACHE_SECONDS: '600' } });
      await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức', position: 0 });
      await makeCategory(t.site, { slug: 'trong-nuoc', name: 'Trong nước', parentSlug: 'tin-tuc', position: 1 });
      await makeCategory(t.site, { slug: 'quoc-te', name: 'Quốc tế', parentSlug: 'tin-tuc', position: 2 });
      await makeCategory(t.site, { slug: 'van-hoa', name: 'Văn hóa', position: 3 });
      admin = (await signedIn(t, 'admin', 'Trần Quản Trị')).client;
      editor = (await signedIn(t, 'editor', 'Mai Biên Tập')).client;
    });
    after(() => t.close());

    const page = async (url = LIST, status = 200) => {
      const res = await admin.get(url);
      assert.equal(res.statusCode, status, res.body.slice(0, 300));
      return res.body;
    };

    test('a tree with one edit form at a time; a bad ?sua= is a notice on the tree', async () => {
      const body = await page();
      assert.deepEqual(tree(body), ['Tin tức', '  Trong nước', '  Quốc tế', 'Văn hóa']);
      assert.equal(body.match(/<legend>Sửa chuyên mục/g), null, 'no edit form until one is asked for');
      const quocTe = (await t.site.categories()).getBySlug('quoc-te')!;
      const editing = await page(`${LIST}?sua=${quocTe.id}`);
      assert.equal(editing.match(/<legend>Sửa chuyên mục/g)?.length, 1);
      assert.match(editing, /<legend>Sửa chuyên mục “Quốc tế”<\/legend>/);
      for (const bad of ['abc', '999999'])
        assert.match(await page(`${LIST}?sua=${bad}`, 404), /Không tìm thấy chuyên mục\.[\s\S]*category-tree/);
      assert.equal((await editor.get(LIST)).statusCode, 403, 'categories are for admins');
    });

    test('move up and down among siblings only; the menu follows; a reload repeats nothing', async () => {
      const before = await page();
      const quocTe = (await t.site.categories()).getBySlug('quoc-te')!;
      const moved = await admin.post(`${LIST}/${quocTe.id}/len`, { _csrf: csrfFrom(before) });
      assert.equal(moved.statusCode, 303);
      assert.equal(moved.headers.location, LIST);
      const after = await page();
      assert.match(after, /Đã đổi thứ tự của chuyên mục “Quốc tế”\./);
      assert.deepEqual(tree(after), ['Tin tức', '  Quốc tế', '  Trong nước', 'Văn hóa']);
      assert.doesNotMatch(after, new RegExp(`action="${LIST}/${quocTe.id}/len"`), 'the first has no "Lên"');
      assert.doesNotMatch(await page(), /Đã đổi thứ tự/, 'the message shows once');

      const vanHoa = (await t.site.categories()).getBySlug('van-hoa')!;
      assert.deepEqual((await menu(t)).slice(0, 2), ['Tin tức', 'Văn hóa']);
      await admin.post(`${LIST}/${vanHoa.id}/len`, { _csrf: csrfFrom(after) });
      assert.deepEqual(tree(await page()), ['Văn hóa', 'Tin tức', '  Quốc tế', '  Trong nước']);
      assert.deepEqual((await menu(t)).slice(0, 2), ['Văn hóa', 'Tin tức'], 'the cached home page hears of it');
    });

    test('a new category stays off the menu until it has a published article, unless the admin shows it', async () => {
      const form = await page();
      const made = await admin.post(LIST, { _csrf: csrfFrom(form), name: 'Giáo dục', slug: '', parentId: '' });
      assert.equal(made.statusCode, 303);
      assert.match(
        await page(),
        /Đã thêm chuyên mục “Giáo dục”\.[\s\S]*Giáo dục[^<]*<\/strong>[^·]*· 0 bài đã xuất bản <span class="status">Chờ có bài đã xuất bản/,
      );
      assert.ok(!(await menu(t)).includes('Giáo dục'));
      const giaoDuc = (await t.site.categories()).getBySlug('giao-duc')!;
      await makeArticle(t.site, { categoryId: giaoDuc.id, title: 'Khai giảng năm học mới' });
      assert.ok((await menu(t)).includes('Giáo dục'), 'on the menu with its first published article');

      await admin.post(LIST, { _csrf: csrfFrom(form), name: 'Y tế', slug: '', parentId: '', inMenu: '1' });
      assert.ok((await menu(t)).includes('Y tế'), 'ticked: on the menu at once');
      // Unticking later is the admin's choice: it stays off even with articles.
      const yTe = (await t.site.categories()).getBySlug('y-te')!;
      await admin.post(`${LIST}/${yTe.id}`, { _csrf: csrfFrom(form), name: 'Y tế', slug: 'y-te', parentId: '' });
      await makeArticle(t.site, { categoryId: yTe.id, title: 'Tiêm chủng mở rộng' });
      assert.ok(!(await menu(t)).includes('Y tế'));
      assert.match(
        await page(),
        /Y tế[^<]*<\/strong>[^·]*· 1 bài đã xuất bản <span class="status">Không hiện trên menu/,
      );
    });

    test('delete: refused with the number of articles; an empty one goes to the trash, asked first, and comes back', async () => {
      const tin = (await t.site.categories()).getBySlug('tin-tuc')!;
      const trongNuoc = (await t.site.categories()).getBySlug('trong-nuoc')!;
      await makeArticle(t.site, { categoryId: trongNuoc.id, title: 'Bài một' });
      await makeArticle(t.site, { categoryId: trongNuoc.id, title: 'Bài hai', status: 'draft', publishedAt: null });
      const form = await page();
      const refused = await admin.post(`${LIST}/${trongNuoc.id}/xoa`, { _csrf: csrfFrom(form), confirmed: '1' });
      assert.equal(refused.statusCode, 303);
      assert.match(await page(), /Không xóa được chuyên mục “Trong nước”: còn 2 bài viết thuộc chuyên mục/);
      await admin.post(`${LIST}/${tin.id}/xoa`, { _csrf: csrfFrom(form), confirmed: '1' });
      assert.match(await page(), /Không xóa được chuyên mục “Tin tức”: còn 2 chuyên mục con/);
      assert.ok((await t.site.categories()).get(trongNuoc.id), 'nothing deleted');

      const quocTe = (await t.site.categories()).getBySlug('quoc-te')!;
      const asked = await admin.post(`${LIST}/${quocTe.id}/xoa`, { _csrf: csrfFrom(form) });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Chuyển chuyên mục “Quốc tế” vào thùng rác\?/);
      assert.ok((await t.site.categories()).get(quocTe.id), 'asking deletes nothing');
      const done = await admin.post(`${LIST}/${quocTe.id}/xoa`, formFields(asked.body, `${LIST}/${quocTe.id}/xoa`));
      assert.equal(done.statusCode, 303);
      const after = await page();
      assert.match(after, /Đã chuyển chuyên mục “Quốc tế” vào thùng rác\./);
      assert.ok(!tree(after).includes('  Quốc tế'));
      assert.equal((await new Client(t.app).get('/quoc-te')).statusCode, 404);
      await admin.post('/quan-tri/thung-rac/khoi-phuc', formFields(after, '/quan-tri/thung-rac/khoi-phuc'));
      assert.match(await page(), /Đã khôi phục “Quốc tế”\./);
      assert.ok(tree(await page()).includes('  Quốc tế'));
      assert.equal((await new Client(t.app).get('/quoc-te')).statusCode, 200);
      assert.match((await admin.get('/quan-tri/nhat-ky')).body, /đã khôi phục chuyên mục “Quốc tế” từ thùng rác\./);
    });

    test('a category whose address was taken meanwhile is not restored, says why, and stays in the trash', async () => {
      const form = await page();
      await admin.post(LIST, { _csrf: csrfFrom(form), name: 'Thể thao', slug: '', parentId: '', inMenu: '1' });
      const first = (await t.site.categories()).getBySlug('the-thao')!;
      await admin.post(`${LIST}/${first.id}/xoa`, { _csrf: csrfFrom(form), confirmed: '1' });
      const deleted = await page();
      await admin.post(LIST, { _csrf: csrfFrom(form), name: 'Thể thao mới', slug: 'the-thao', parentId: '' });
      const undo = await admin.post(
        '/quan-tri/thung-rac/khoi-phuc',
        formFields(deleted, '/quan-tri/thung-rac/khoi-phuc'),
      );
      assert.equal(undo.statusCode, 303);
      assert.match(
        (await admin.get(undo.headers.location as string)).body,
        /Không khôi phục được chuyên mục “Thể thao”: đường dẫn \/the-thao đã được chuyên mục khác dùng\./,
      );
      assert.match(
        (await admin.get('/quan-tri/thung-rac?loai=chuyen-muc')).body,
        /<td>Thể thao<\/td><td>Chuyên mục<\/td>/,
      );
      assert.equal((await t.site.categories()).getBySlug('the-thao')?.name, 'Thể thao mới');
    });
  });
}

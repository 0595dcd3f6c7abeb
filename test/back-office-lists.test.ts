import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createMediaDeps, uploadMedia } from '../src/media/media.service.js';
import type { Actor } from '../src/accounts/roles.js';
import { makeUser } from './support/accounts.js';
import { Client, csrfFrom, formFields } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

function bulkForm(page: string, action: string, ids: readonly number[], extra: Record<string, string> = {}) {
  const form = new URLSearchParams({ _csrf: csrfFrom(page), action, ...extra });
  for (const id of ids) form.append('ids', String(id));
  return form;
}

/** The names in the people list's table, in order. */
const userNames = (page: string) =>
  [...page.matchAll(/<\/td><td>([^<]+)<\/td><td>[^<]*@example\.vn<\/td>/g)].map((m) => m[1]!);

for (const dialect of backends()) {
  describe(`back-office lists (people, media, comments) on ${dialect}`, () => {
    let t: TestApp;
    let admin: { id: number; client: Client };
    let editor: Client;
    let articleUrl: string;
    let articleId: number;

    // Comments sent faster than a person types are refused: the clock moves on between page and post.
    let clock = Date.parse('2026-12-05T02:00:00Z');

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
      admin = await signedIn(t, 'admin', 'Trần Quản Trị');
      editor = (await signedIn(t, 'editor', 'Mai Biên Tập')).client;
      // 55 invited readers (no password: quick to make), and a few named ones to search for.
      const invited = (email: string, name: string, role: 'reader' | 'author') =>
        makeUser(t, { email, name, role, password: null });
      for (let i = 1; i <= 55; i++) {
        const n = String(i).padStart(2, '0');
        await invited(`docgia${n}@example.vn`, `Độc giả ${n}`, 'reader');
      }
      await invited('phan.tram@example.vn', 'Phan 100%_Trăm', 'author');
      await invited('phanxuan@example.vn', 'Phan Xuân', 'author');
      const cat = await makeCategory(t.site, { slug: 'doi-song', name: 'Đời sống' });
      const a = await makeArticle(t.site, { categoryId: cat, title: 'Chợ quê ngày Tết' });
      articleUrl = a.url;
      articleId = a.id;
    });
    after(() => t.close());

    const page = async (client: Client, url: string, status = 200) => {
      const res = await client.get(url);
      assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 300)}`);
      return res.body;
    };

    test('people: search folds Vietnamese capitals as well as ASCII ones, on both databases', async () => {
      assert.deepEqual(
        userNames(await page(admin.client, `/quan-tri/nguoi-dung?q=${encodeURIComponent('ĐỘC GIẢ 5')}`)),
        ['Độc giả 50', 'Độc giả 51', 'Độc giả 52', 'Độc giả 53', 'Độc giả 54', 'Độc giả 55'],
      );
      assert.deepEqual(userNames(await page(admin.client, `/quan-tri/nguoi-dung?q=${encodeURIComponent('trăm')}`)), [
        'Phan 100%_Trăm',
      ]);
    });

    test('people: search with % and _ taken literally, role and state filters, pages that keep them', async () => {
      assert.deepEqual(userNames(await page(admin.client, `/quan-tri/nguoi-dung?q=${encodeURIComponent('100%_')}`)), [
        'Phan 100%_Trăm',
      ]);
      assert.deepEqual(userNames(await page(admin.client, '/quan-tri/nguoi-dung?q=PHAN&vai-tro=author')), [
        'Phan 100%_Trăm',
        'Phan Xuân',
      ]);
      const first = await page(admin.client, '/quan-tri/nguoi-dung?vai-tro=reader');
      assert.match(first, /<small>55 người<\/small>/);
      assert.equal(userNames(first).length, 50);
      assert.match(first, /<a rel="next" href="\/quan-tri\/nguoi-dung\?vai-tro=reader&amp;trang=2">/);
      const second = userNames(await page(admin.client, '/quan-tri/nguoi-dung?vai-tro=reader&trang=2'));
      assert.deepEqual(second, ['Độc giả 51', 'Độc giả 52', 'Độc giả 53', 'Độc giả 54', 'Độc giả 55']);
      assert.match(
        await page(admin.client, '/quan-tri/nguoi-dung?trang-thai=chua-dat-mat-khau'),
        /<small>57 người<\/small>/,
      );
      for (const bad of ['vai-tro=vua', 'trang-thai=ngu', 'trang=abc', `q=${'x'.repeat(201)}`]) {
        const body = await page(admin.client, `/quan-tri/nguoi-dung?${bad}`, 400);
        assert.match(body, /Bộ lọc không hợp lệ/, bad);
        assert.match(body, /Trần Quản Trị/, `${bad}: the whole list under the notice`);
      }
    });

    test('people: locking the ticked accounts asks once, says what it did, and "Hoàn tác" unlocks them', async () => {
      const list = await page(admin.client, '/quan-tri/nguoi-dung?q=phan');
      const ids = [...list.matchAll(/name="ids" value="(\d+)"/g)].map((m) => Number(m[1]));
      assert.equal(ids.length, 2);
      const ask = await admin.client.postRaw(
        '/quan-tri/nguoi-dung/hang-loat',
        bulkForm(list, 'lock', ids, { tiep: '/quan-tri/nguoi-dung?q=phan' }).toString(),
      );
      assert.match(ask.body, /Khóa 2 tài khoản: “Phan 100%_Trăm”, “Phan Xuân”\?/);
      const done = await admin.client.post(
        '/quan-tri/nguoi-dung/hang-loat',
        formFields(ask.body, '/quan-tri/nguoi-dung/hang-loat'),
      );
      assert.equal(done.headers.location, '/quan-tri/nguoi-dung?q=phan');
      const after = await page(admin.client, '/quan-tri/nguoi-dung?q=phan');
      assert.match(after, /Đã khóa 2 tài khoản/);
      assert.match(await page(admin.client, '/quan-tri/nguoi-dung?trang-thai=da-khoa'), /<small>2 người<\/small>/);
      await admin.client.post('/quan-tri/nguoi-dung/hang-loat', formFields(after, '/quan-tri/nguoi-dung/hang-loat'));
      assert.match(await page(admin.client, '/quan-tri/nguoi-dung?q=phan'), /Đã mở khóa 2 tài khoản\./);
      assert.match(await page(admin.client, '/quan-tri/nguoi-dung?trang-thai=da-khoa'), /<small>0 người<\/small>/);
      // The last admin is refused by name, and the others still go.
      const mine = await page(admin.client, '/quan-tri/nguoi-dung?vai-tro=admin');
      await admin.client.postRaw(
        '/quan-tri/nguoi-dung/hang-loat',
        bulkForm(mine, 'lock', [admin.id], { confirmed: '1' }).toString(),
      );
      assert.match(await page(admin.client, '/quan-tri/nguoi-dung'), /Đã khóa 0 tài khoản.*quản trị viên cuối cùng/s);
    });

    test('media: search by name or description, filter by type, trash the ticked files and restore them', async () => {
      const media = createMediaDeps(t.site.db, t.config, t.site.now);
      const actor: Actor = { id: admin.id, role: 'admin', displayName: 'Trần Quản Trị' };
      const png = (colour: string) =>
        sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
          .png()
          .toBuffer();
      const sea = await uploadMedia(media, actor, {
        filename: 'bien-nha-trang.png',
        data: await png('#0af'),
        alt: 'Biển Nha Trang lúc bình minh',
      });
      const field = await uploadMedia(media, actor, {
        filename: 'dong-lua.png',
        data: await png('#fa0'),
        alt: 'Đồng lúa chín',
      });
      const pdf = await uploadMedia(media, actor, {
        filename: 'ke-hoach_100%.pdf',
        data: Buffer.from('%PDF-1.4\n% kế hoạch\n'),
      });

      const names = (body: string) => [...body.matchAll(/aria-label="Chọn “([^”]+)”"/g)].map((m) => m[1]);
      assert.deepEqual(names(await page(editor, `/quan-tri/thu-vien?q=${encodeURIComponent('bình minh')}`)), [
        'bien-nha-trang.png',
      ]);
      assert.deepEqual(names(await page(editor, `/quan-tri/thu-vien?q=${encodeURIComponent('_100%')}`)), [
        'ke-hoach_100%.pdf',
      ]);
      assert.deepEqual(names(await page(editor, '/quan-tri/thu-vien?loai=anh')), [
        'dong-lua.png',
        'bien-nha-trang.png',
      ]);
      assert.deepEqual(names(await page(editor, '/quan-tri/thu-vien?loai=tep')), ['ke-hoach_100%.pdf']);
      assert.match(await page(editor, '/quan-tri/thu-vien?loai=video', 400), /Bộ lọc không hợp lệ[\s\S]*dong-lua\.png/);

      const list = await page(editor, '/quan-tri/thu-vien?loai=anh');
      const ask = await editor.postRaw(
        '/quan-tri/thu-vien/hang-loat',
        bulkForm(list, 'trash', [sea.id, field.id], { tiep: '/quan-tri/thu-vien?loai=anh' }).toString(),
      );
      assert.match(ask.body, /Chuyển 2 tệp vào thùng rác: “bien-nha-trang\.png”, “dong-lua\.png”\?/);
      const done = await editor.post(
        '/quan-tri/thu-vien/hang-loat',
        formFields(ask.body, '/quan-tri/thu-vien/hang-loat'),
      );
      assert.equal(done.headers.location, '/quan-tri/thu-vien?loai=anh');
      const after = await page(editor, '/quan-tri/thu-vien?loai=anh');
      assert.match(after, /Đã chuyển 2 tệp vào thùng rác\./);
      assert.deepEqual(names(after), []);
      assert.match(await page(editor, '/quan-tri/thung-rac?loai=tep'), /bien-nha-trang\.png<\/td><td>Tệp/);
      const undone = await editor.post(
        '/quan-tri/thung-rac/khoi-phuc',
        formFields(after, '/quan-tri/thung-rac/khoi-phuc'),
      );
      assert.equal(undone.headers.location, '/quan-tri/thu-vien?loai=anh', 'back to the list as it was');
      // A way back that is not the library's own list is not followed.
      const again = await editor.postRaw(
        '/quan-tri/thu-vien/hang-loat',
        bulkForm(await page(editor, '/quan-tri/thu-vien?loai=anh'), 'trash', [sea.id], { confirmed: '1' }).toString(),
      );
      assert.equal(again.statusCode, 303);
      const trashed = await page(editor, '/quan-tri/thu-vien');
      const elsewhere = await editor.post('/quan-tri/thung-rac/khoi-phuc', {
        ...formFields(trashed, '/quan-tri/thung-rac/khoi-phuc'),
        tiep: '/quan-tri/nguoi-dung?vai-tro=admin',
      });
      assert.equal(elsewhere.headers.location, '/quan-tri/thu-vien');
      assert.deepEqual(names(await page(editor, '/quan-tri/thu-vien?loai=anh')), [
        'dong-lua.png',
        'bien-nha-trang.png',
      ]);
      assert.ok(pdf.id > 0);
    });

    test('comments: search the text, delete the ticked ones to the trash (asked once) and undo', async () => {
      for (const [i, [name, body]] of [
        ['Hà', 'Chợ quê năm nay đông vui quá.'],
        ['Minh', 'Quảng cáo: mua hàng giá rẻ tại đây.'],
        ['Lan', 'Quảng cáo: vay tiền nhanh.'],
      ].entries()) {
        const guest = new Client(t.app, {}, `10.0.0.${i + 1}`);
        const form = await guest.get(articleUrl);
        clock += 60_000;
        const sent = await guest.post('/y-kien', {
          articleId: String(articleId),
          name: name!,
          email: `k${i}@example.vn`,
          body: body!,
          _csrf: csrfFrom(form.body),
        });
        assert.ok(sent.statusCode < 400, sent.body.slice(0, 300));
      }
      const queue = await page(editor, `/quan-tri/y-kien?q=${encodeURIComponent('Quảng cáo')}`);
      const ids = [...queue.matchAll(/name="ids" value="(\d+)"/g)].map((m) => Number(m[1]));
      assert.equal(ids.length, 2);
      assert.doesNotMatch(queue, /đông vui/);
      const back = `/quan-tri/y-kien?q=${encodeURIComponent('Quảng cáo')}`;
      const ask = await editor.postRaw('/quan-tri/y-kien', bulkForm(queue, 'delete', ids, { tiep: back }).toString());
      // The question names whose comments and how each begins, so the editor knows what goes.
      assert.match(ask.body, /Xóa 2 ý kiến: [^<]*\?/);
      assert.match(ask.body, /Minh \(“Quảng cáo: mua hàng giá rẻ tại đây\.”\)/);
      assert.match(ask.body, /Lan \(“Quảng cáo: vay tiền nhanh\.”\)/);
      const done = await editor.post('/quan-tri/y-kien', formFields(ask.body, '/quan-tri/y-kien'));
      assert.equal(done.headers.location, back);
      const after = await page(editor, back);
      assert.match(after, /Đã chuyển 2 ý kiến vào thùng rác\./);
      assert.match(after, /Không có ý kiến nào/);
      assert.match(await page(editor, '/quan-tri/thung-rac?loai=y-kien'), /Lan: Quảng cáo: vay tiền nhanh\./);
      await editor.post('/quan-tri/thung-rac/khoi-phuc', formFields(after, '/quan-tri/thung-rac/khoi-phuc'));
      const restored = await page(editor, back);
      assert.match(restored, /Đã khôi phục 2 mục từ thùng rác\./);
      assert.equal([...restored.matchAll(/name="ids" value="(\d+)"/g)].length, 2, 'back in the pending tab');
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from './support/client.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The text of one dashboard section, by its heading id. */
function section(page: string, id: string): string {
  const at = page.indexOf(`aria-labelledby="${id}"`);
  assert.ok(at >= 0, `section ${id}`);
  return page.slice(at, page.indexOf('</section>', at));
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

for (const dialect of backends()) {
  describe(`newsroom lists and states on ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    let author: Client;
    let editor: Client;
    let clock = Date.parse('2026-12-04T03:00:00Z');

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
      categoryId = await makeCategory(t.site, { slug: 'giao-duc', name: 'Giáo dục' });
      author = (await signedIn(t, 'author', 'Đinh Phóng Viên')).client;
      editor = (await signedIn(t, 'editor', 'Mai Biên Tập')).client;
    });
    after(() => t.close());

    async function newArticle(title: string): Promise<string> {
      const res = await author.submit('/quan-tri/bai-viet/moi', '/quan-tri/bai-viet', {
        title,
        sapo: '',
        bodyHtml: '<p>Nội dung.</p>',
        byline: '',
        categoryId: String(categoryId),
        tags: '',
      });
      return res.headers.location as string;
    }

    test('a returned article is listed once, under "Bị trả lại, cần sửa"', async () => {
      const url = await newArticle('Tuyển sinh lớp 10 năm học mới');
      await author.submit(url, `${url}/gui`, { version: '1' });
      await editor.submit(url, `${url}/tra-lai`, { version: '2', note: 'Thêm số liệu.' });
      const dash = (await author.get('/quan-tri')).body;
      assert.equal(count(dash, 'Tuyển sinh lớp 10 năm học mới'), 1);
      assert.match(section(dash, 'cho-toi'), /Bị trả lại, cần sửa.*Tuyển sinh lớp 10/s);
      assert.doesNotMatch(section(dash, 'nhap'), /Tuyển sinh lớp 10/);
    });

    test('a scheduled article is "Hẹn giờ", and under "Mới xuất bản" only once it is live', async () => {
      const url = await newArticle('Khai giảng trường mới');
      await editor.submit(url, `${url}/xuat-ban`, { version: '1', at: '2026-12-04T10:30' });
      let dash = (await editor.get('/quan-tri')).body;
      assert.match(section(dash, 'hen-gio'), /Khai giảng trường mới.*Hẹn giờ: 10:30 04\/12\/2026/s);
      assert.doesNotMatch(section(dash, 'moi-xuat-ban'), /Khai giảng trường mới/);
      assert.match((await editor.get('/quan-tri/bai-viet')).body, /Hẹn giờ: 10:30 04\/12\/2026/);
      clock = Date.parse('2026-12-04T03:31:00Z');
      await t.scheduler.runDue();
      dash = (await editor.get('/quan-tri')).body;
      assert.match(section(dash, 'moi-xuat-ban'), /Khai giảng trường mới/);
      assert.doesNotMatch(section(dash, 'hen-gio'), /Khai giảng trường mới/);
    });
  });
}

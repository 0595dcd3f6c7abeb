/**
 * An article's history page (/quan-tri/bai-viet/:id/phien-ban): revisions numbered "Bản 1, 2, 3…" with
 * no gaps, formatting changes said in Vietnamese, and the workflow steps between them, by HTTP on each back end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formattingChanges } from '../src/newsroom/revision-format.js';
import { Client, csrfFrom } from './support/client.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const FIRST_BODY = '<p>Mở đầu bài.</p><p>Kết quả</p><p>Xem báo cáo của Sở.</p>';
const FORMATTED_BODY =
  '<p>Mở đầu bài.</p><h2>Kết quả</h2><p>Xem <a href="https://skhcn.example.vn/bao-cao">báo cáo</a> của <strong>Sở</strong>.</p>';

/** The text of the history list's items, one a line, without the restore buttons. */
function historyLines(page: string): string[] {
  const list = /<ol class="history-list"[^>]*>([\s\S]*?)<\/ol>/.exec(page)?.[1] ?? '';
  return [...list.matchAll(/<li class="history-(?:revision|event)">([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]!
      .replace(/<form[\s\S]*?<\/form>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** The article's version on its page; a flash's undo form for another article may come first, so the last one. */
const versionOn = (page: string) => [...page.matchAll(/name="version" value="(\d+)"/g)].at(-1)![1]!;

for (const dialect of backends()) {
  describe(`article history on ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    let author: Client;
    let editor: Client;
    // Each step a minute after the one before, so the list's order is the order things happened; shown in
    // Vietnam time (UTC+7).
    let clock = Date.parse('2026-12-01T01:00:00Z');
    const tick = () => (clock += 60_000);

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
      categoryId = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
      author = (await signedIn(t, 'author', 'Lê Thị An')).client;
      editor = (await signedIn(t, 'editor', 'Trần Văn Chi')).client;
    });
    after(() => t.close());

    const fields = (over: Record<string, string> = {}) => ({
      title: 'Hội thảo khoa học',
      sapo: 'Sapo',
      bodyHtml: FIRST_BODY,
      byline: '',
      categoryId: String(categoryId),
      tags: '',
      allowComments: '1',
      ...over,
    });

    async function create(title: string): Promise<number> {
      tick();
      const res = await author.submit('/quan-tri/bai-viet/moi', '/quan-tri/bai-viet', fields({ title }));
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      return Number(/\/quan-tri\/bai-viet\/(\d+)$/.exec(res.headers.location as string)![1]);
    }

    /** Posts one of the edit page's forms with the article's current version and the page's token. */
    async function step(who: Client, id: number, path: string, extra: Record<string, string> = {}) {
      tick();
      const page = (await who.get(`/quan-tri/bai-viet/${id}`)).body;
      const version = versionOn(page);
      const res = await who.post(`/quan-tri/bai-viet/${id}${path}`, { version, ...extra, _csrf: csrfFrom(page) });
      assert.equal(res.statusCode, 303, `${path}: ${/<main[\s\S]*<\/main>/.exec(res.body)?.[0]}`);
    }

    test('revisions are Bản 1, 2, 3… without gaps, with the workflow steps between them in sentences', async () => {
      const id = await create('Hội thảo khoa học');
      // Another article's revisions and its deletion take row ids between this one's.
      const other = await create('Bài khác');
      await step(author, other, '', fields({ title: 'Bài khác', bodyHtml: '<p>Sửa.</p>' }));
      await step(author, id, '', fields({ bodyHtml: FIRST_BODY + '<p>Thêm một đoạn.</p>' }));
      await step(author, id, '', fields({ bodyHtml: FIRST_BODY + '<p>Thêm một đoạn.</p>' })); // nothing changed
      await step(author, id, '/gui');
      await step(editor, id, '/tra-lai', { note: 'Cần thêm nguồn <của Sở>' });
      await step(author, other, '/xoa', { confirmed: '1' });
      await step(author, id, '', fields({ bodyHtml: FORMATTED_BODY }));
      await step(author, id, '/gui');
      await step(editor, id, '/xuat-ban', { at: '2026-12-24T08:00' });
      await step(editor, id, '/go');
      const list = (await author.get(`/quan-tri/bai-viet/${id}/phien-ban`)).body;
      const firstId = [...list.matchAll(/<option value="(\d+)">Bản 1 ·/g)][0]![1]!;
      tick();
      const restore = await editor.post(`/quan-tri/bai-viet/${id}/phien-ban/${firstId}/khoi-phuc`, {
        version: versionOn((await editor.get(`/quan-tri/bai-viet/${id}`)).body),
        _csrf: csrfFrom(list),
      });
      assert.equal(restore.statusCode, 403, "the author's token is not the editor's");
      const editorList = (await editor.get(`/quan-tri/bai-viet/${id}/phien-ban`)).body;
      const restored = await editor.post(`/quan-tri/bai-viet/${id}/phien-ban/${firstId}/khoi-phuc`, {
        version: versionOn(editorList),
        _csrf: csrfFrom(editorList),
      });
      assert.equal(restored.statusCode, 303, restored.body.slice(0, 300));

      const page = await editor.get(`/quan-tri/bai-viet/${id}/phien-ban`);
      assert.equal(page.statusCode, 200);
      const title = 'Hội thảo khoa học';
      assert.deepEqual(historyLines(page.body), [
        `Bản 4 · 08:13 01/12/2026 · Trần Văn Chi · Khôi phục từ bản 1`,
        `08:12 01/12/2026 · Biên tập viên Trần Văn Chi đã gỡ bài “${title}” khỏi trang.`,
        `08:11 01/12/2026 · Biên tập viên Trần Văn Chi đã hẹn giờ đăng bài “${title}” lúc 08:00 24/12/2026.`,
        `08:10 01/12/2026 · Phóng viên Lê Thị An đã gửi bài “${title}” cho biên tập.`,
        `Bản 3 · 08:09 01/12/2026 · Lê Thị An`,
        `08:07 01/12/2026 · Biên tập viên Trần Văn Chi đã trả lại bài “${title}” với ghi chú: Cần thêm nguồn &lt;của Sở&gt;`,
        `08:06 01/12/2026 · Phóng viên Lê Thị An đã gửi bài “${title}” cho biên tập.`,
        `Bản 2 · 08:04 01/12/2026 · Lê Thị An`,
        `Bản 1 · 08:01 01/12/2026 · Lê Thị An`,
      ]);
      assert.ok(!page.body.includes('article.'), 'no action codes on the page');
      // The other article, deleted, kept its own numbering and left none here.
      assert.deepEqual(
        [...(/<select id="tu"[\s\S]*?<\/select>/.exec(page.body)?.[0] ?? '').matchAll(/<option [^>]*>(Bản \d+)/g)].map(
          (m) => m[1],
        ),
        ['Bản 4', 'Bản 3', 'Bản 2', 'Bản 1'],
      );
    });

    test('an author who takes an article back from review sees that step too, and no revision for it', async () => {
      const id = await create('Rút về nháp');
      await step(author, id, '/gui');
      await step(author, id, '/rut-lai');
      const lines = historyLines((await author.get(`/quan-tri/bai-viet/${id}/phien-ban`)).body);
      assert.deepEqual(
        lines.map((line) => line.replace(/^(Bản \d+ · )?\d\d:\d\d \d\d\/\d\d\/\d{4} · /, '$1')),
        [
          'Phóng viên Lê Thị An đã rút bài “Rút về nháp” về nháp.',
          'Phóng viên Lê Thị An đã gửi bài “Rút về nháp” cho biên tập.',
          'Bản 1 · Lê Thị An',
        ],
      );
    });

    test('the comparison says formatting changes in Vietnamese sentences, escaped', async () => {
      const id = await create('Định dạng');
      await step(
        author,
        id,
        '',
        fields({
          title: 'Định dạng',
          bodyHtml: FORMATTED_BODY.replace('skhcn.example.vn/bao-cao', 'a.example/?x=1&amp;y=<2>'),
        }),
      );
      const list = (await author.get(`/quan-tri/bai-viet/${id}/phien-ban`)).body;
      const [to, from] = [...list.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
      const page = (await author.get(`/quan-tri/bai-viet/${id}/phien-ban?tu=${from}&den=${to}`)).body;
      assert.match(page, /<h2 id="so-sanh">Bản 1 → Bản 2<\/h2>/);
      const lines = [
        ...(/<ul class="format-changes">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '').matchAll(/<li>(.*?)<\/li>/g),
      ];
      assert.deepEqual(
        lines.map((m) => m[1]),
        [
          'Đoạn 2 thành tiêu đề lớn: “Kết quả”.',
          'Đoạn 3: in đậm “Sở”.',
          'Đoạn 3: thêm liên kết tới https://a.example/?x=1&amp;y=&lt;2&gt; (“báo cáo”).',
        ],
      );
    });

    test('a bad revision id in the comparison is a Vietnamese 404, never a 500', async () => {
      const id = await create('Không có bản');
      const res = await author.get(`/quan-tri/bai-viet/${id}/phien-ban?tu=999999&den=1`);
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Không tìm thấy phiên bản này của bài viết\./);
    });
  });
}

describe('formatting changes between two bodies', () => {
  test('italic removed, a link taken away, a heading back to a paragraph, a list item', () => {
    assert.deepEqual(
      formattingChanges(
        '<h3>Tóm tắt</h3><p>Một <em>điểm</em> mới, xem <a href="https://x.example">đây</a>.</p>',
        '<p>Tóm tắt</p><p>Một điểm mới, xem đây.</p><ul><li><p>Mục <b>mới</b></p></li></ul>',
      ),
      [
        'Đoạn 1 thành đoạn văn: “Tóm tắt”.',
        'Đoạn 2: bỏ in nghiêng “điểm”.',
        'Đoạn 2: bỏ liên kết tới https://x.example (“đây”).',
        'Đoạn 3: in đậm “mới”.',
      ],
    );
  });

  test('a changed address keeps its text; plain text edits are left to the word diff', () => {
    assert.deepEqual(
      formattingChanges(
        '<p>Đọc <a href="https://cu.example">văn bản</a> gốc.</p>',
        '<p>Đọc kỹ <a href="https://moi.example">văn bản</a> gốc.</p>',
      ),
      ['Đoạn 1: liên kết “văn bản” đổi từ https://cu.example sang https://moi.example.'],
    );
    assert.deepEqual(formattingChanges('<p>Một.</p><p>Hai.</p>', '<p>Một câu.</p><p>Hai.</p>'), []);
  });
});

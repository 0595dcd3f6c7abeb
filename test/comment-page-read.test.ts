import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMMENTS_PER_PAGE, insertComment, listApprovedPage, unpackComments, type ShownComment } from '../src/comments/comments.repo.js';
import { utf8BytesToText } from '../src/web/utf8-bytes.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// On SQLite a page of comments is read as one packed blob (listApprovedPage),
// on PostgreSQL as rows; both must give back exactly what was written.
// Names and bodies here are what a parser of separators would get wrong.
const awkward = [
  { name: 'Nguyễn Văn A, 12', body: 'Dấu phẩy, số 3,14 và 1,2,3,4,5,6 ở đầu' },
  { name: '7', body: '' },
  { name: 'Emoji 😀 và 𝕏', body: 'Bốn byte: 😀🇻🇳 và chữ kết hợp: Tiếng Việt (NFD)' },
  { name: '<script>alert(1)</script>', body: '"><img src=x onerror=alert(1)> & &amp; \'' },
  { name: 'Xuống dòng', body: 'Dòng một\nDòng hai\n\nĐoạn mới \u001e\u001f, giữa chừng' },
  { name: 'Có liên kết', body: 'Xem https://vi.wikipedia.org/wiki/Hà_Nội, rất hay.' },
];

for (const dialect of backends()) {
  describe(`a page of comments read on ${dialect}`, () => {
    let t: TestApp;
    let articleId: number;
    const written: { id: number; parent: number | null; name: string; body: string; official: number; at: string }[] = [];

    before(async () => {
      t = await createTestApp(dialect);
      const categoryId = await makeCategory(t.site, { slug: 'doc-y-kien' });
      articleId = (await makeArticle(t.site, { categoryId })).id;
      const db = t.database.handle.db;
      const write = async (parent: number | null, name: string, body: string, official: number, i: number) => {
        const at = new Date(Date.UTC(2025, 4, 1, 0, 0, i)).toISOString();
        const id = await insertComment(
          db,
          { article_id: articleId, parent_id: parent, user_id: null, author_name: name, author_email: null, body, status: 'approved', is_official: official, ip: '', content_hash: `r${i}` },
          at,
        );
        written.push({ id, parent, name, body, official, at });
        return id;
      };
      let i = 0;
      for (const c of awkward) {
        const id = await write(null, c.name, c.body, 0, ++i);
        await write(id, `Trả lời ${c.name}`, `Đáp: ${c.body}`, i % 2, ++i);
      }
      // Enough top-level comments for a second page.
      for (let k = 0; k < COMMENTS_PER_PAGE; k++) await write(null, `Bạn đọc ${k}`, `Ý kiến số ${k}`, 0, ++i);
    });
    after(async () => t.close());

    const asWritten = (c: ShownComment) => ({
      id: c.id,
      parent: c.parent_id,
      name: utf8BytesToText(c.author_name),
      body: utf8BytesToText(c.body),
      official: c.is_official,
      at: c.created_at,
    });

    test('every name, body, date and flag comes back as written, in order, with their replies', async () => {
      const page = await listApprovedPage(t.database.handle.db, dialect, articleId, 1);
      const top = written.filter((c) => c.parent === null);
      assert.deepEqual(page.top.map(asWritten), top.slice(0, COMMENTS_PER_PAGE));
      const shown = new Set(top.slice(0, COMMENTS_PER_PAGE).map((c) => c.id));
      assert.deepEqual(
        page.replies.map(asWritten),
        written.filter((c) => c.parent !== null && shown.has(c.parent)),
      );
    });

    test('the second page holds the rest, and a page past the end is empty', async () => {
      const top = written.filter((c) => c.parent === null);
      const second = await listApprovedPage(t.database.handle.db, dialect, articleId, 2);
      assert.deepEqual(second.top.map(asWritten), top.slice(COMMENTS_PER_PAGE));
      assert.deepEqual(second.replies, []);
      const third = await listApprovedPage(t.database.handle.db, dialect, articleId, 3);
      assert.deepEqual(third, { top: [], replies: [] });
    });
  });
}

test('a packed record that does not parse is refused, not half read', () => {
  assert.throws(() => unpackComments('1,,0,2025-01-01T00:00:00.000Z,5,3,abc'), /bad record/);
  assert.throws(() => unpackComments('1,,0,2025'), /no date/);
  assert.throws(() => unpackComments('1,x,0,2025-01-01T00:00:00.000Z,1,1,ab'), /bad number/);
  assert.throws(() => unpackComments('1,,0,2025-01-01T00:00:00.000Z,1,-1,ab'), /bad number/);
  // A number cut off by the end of the text, not read forever.
  assert.throws(() => unpackComments('12'), /bad number/);
  assert.deepEqual(unpackComments(''), []);
});

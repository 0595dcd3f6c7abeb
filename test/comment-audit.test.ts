import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertComment } from '../src/comments/comments.repo.js';
import { csrfFrom, type Client } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`comment moderation in the audit log on ${dialect}`, () => {
    let t: TestApp;
    let editor: Client;
    let admin: Client;
    let articleId: number;

    before(async () => {
      t = await createTestApp(dialect);
      const categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      articleId = (await makeArticle(t.site, { categoryId, title: 'Bài có ý kiến' })).id;
      editor = (await signedIn(t, 'editor', 'Lê Biên Tập')).client;
      admin = (await signedIn(t, 'admin', 'Nguyễn Quản Trị')).client;
    });
    after(() => t?.close());

    const comment = (author: string, body: string) =>
      insertComment(
        t.database.handle.kysely,
        {
          article_id: articleId,
          parent_id: null,
          user_id: null,
          author_name: author,
          author_email: null,
          body,
          status: 'pending',
          is_official: 0,
          ip: '',
          content_hash: body,
        },
        new Date().toISOString(),
      );
    /** Posts to the queue as its form does (question answered); ticked boxes repeat `ids`. */
    const moderate = async (action: string, ids: number[] = []) => {
      const queue = await editor.get('/quan-tri/y-kien');
      const form = new URLSearchParams({ action, confirmed: '1', _csrf: csrfFrom(queue.body) });
      for (const id of ids) form.append('ids', String(id));
      return editor.postRaw('/quan-tri/y-kien', form.toString());
    };

    test('approve, reject, spam, delete and reply each write a Vietnamese sentence, never a code', async () => {
      const a = await comment('Phạm Thu Hà', 'Bài viết rất hữu ích cho bà con.');
      const b = await comment('Đỗ Minh', 'Tôi muốn hỏi thêm về lịch tiêm.');
      const c = await comment('Vũ Lan', 'Quảng cáo bán hàng giá rẻ.');
      const d = await comment('Hoàng Nam', 'Nội dung không phù hợp.');
      assert.equal((await moderate(`approve:${a}`)).statusCode, 303);
      assert.equal((await moderate('reject', [d])).statusCode, 303);
      await moderate(`spam:${c}`);
      const form = await editor.get(`/quan-tri/y-kien/${b}`);
      const replied = await editor.post(`/quan-tri/y-kien/${b}/tra-loi`, {
        body: 'Lịch tiêm sẽ được công bố vào tuần sau.',
        _csrf: csrfFrom(form.body),
      });
      assert.equal(replied.statusCode, 303);
      await moderate(`delete:${d}`);

      const log = (await admin.get('/quan-tri/nhat-ky')).body;
      for (const sentence of [
        'Biên tập viên Lê Biên Tập đã duyệt ý kiến của Phạm Thu Hà.',
        'Biên tập viên Lê Biên Tập đã không đăng ý kiến của Hoàng Nam.',
        'Biên tập viên Lê Biên Tập đã đánh dấu là spam ý kiến của Vũ Lan.',
        'Biên tập viên Lê Biên Tập đã trả lời ý kiến của Đỗ Minh.',
        'Biên tập viên Lê Biên Tập đã chuyển ý kiến của Hoàng Nam vào thùng rác.',
      ])
        assert.ok(log.includes(sentence), sentence);
      assert.doesNotMatch(log, /comment\.[a-z]+/);

      // The action filter finds them, and a bulk action names a few commenters, then a count.
      const more = await Promise.all(['An', 'Bình', 'Chi', 'Dũng', 'Giang'].map((n) => comment(n, `Ý kiến của ${n}.`)));
      await moderate('approve', more);
      const approvals = (await admin.get('/quan-tri/nhat-ky?hanh-dong=duyet-y-kien')).body;
      assert.match(approvals, /đã duyệt ý kiến của [^<]*, [^<]*, [^<]* và 2 người khác\./);
      assert.match(approvals, /đã duyệt ý kiến của Phạm Thu Hà\./);
      assert.doesNotMatch(approvals, /trả lời ý kiến/);
    });

    test('an editor changing a reader’s words is logged, and a save that changes nothing is not', async () => {
      const id = await comment('Trịnh Văn Sơn', 'Số điện thoại của tôi là 0900 000 000.');
      const edit = async (body: string) => {
        const form = await editor.get(`/quan-tri/y-kien/${id}`);
        const res = await editor.post(`/quan-tri/y-kien/${id}/sua`, { body, _csrf: csrfFrom(form.body) });
        assert.ok(res.statusCode < 400, `${res.statusCode}`);
      };
      await edit('Số điện thoại của tôi đã được ẩn.');
      await edit('Số điện thoại của tôi đã được ẩn.');
      const edits = (await admin.get('/quan-tri/nhat-ky?hanh-dong=sua-y-kien')).body;
      const sentence = 'Biên tập viên Lê Biên Tập đã sửa nội dung ý kiến của Trịnh Văn Sơn.';
      assert.equal(edits.split(sentence).length - 1, 1, 'one entry, for the one change');
      assert.doesNotMatch(edits, /comment\.edit/);
      assert.ok((await admin.get('/quan-tri/nhat-ky.csv')).body.includes(sentence), 'in the CSV too');
    });

    test('a refused action writes nothing to the log', async () => {
      const before = (await admin.get('/quan-tri/nhat-ky.csv')).body;
      const refused = await moderate('approve');
      assert.equal(refused.statusCode, 303, 'back to the queue, saying why');
      assert.match((await editor.get('/quan-tri/y-kien')).body, /Chưa chọn mục nào/);
      assert.equal((await admin.get('/quan-tri/nhat-ky.csv')).body, before);
    });
  });
}

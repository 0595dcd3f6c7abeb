import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertComment } from '../src/comments/comments.repo.js';
import { csrfFrom, formFields, type Client } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const QUEUE = '/quan-tri/y-kien';

for (const dialect of backends()) {
  describe(`"Chặn người gửi" in comment moderation on ${dialect}`, () => {
    let t: TestApp;
    let editor: Client;
    let admin: Client;
    let article: { id: number; url: string };
    // Moved on by hand: a comment form must be open a few seconds before it is sent, and the throttle forgets.
    let offset = 0;

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(Date.now() + offset) });
      const categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      article = await makeArticle(t.site, { categoryId, title: 'Bài có ý kiến' });
      editor = (await signedIn(t, 'editor', 'Lê Biên Tập')).client;
      admin = (await signedIn(t, 'admin', 'Nguyễn Quản Trị')).client;
    });
    after(() => t?.close());

    const comment = (author: { name: string; userId: number | null }, body: string) =>
      insertComment(
        t.database.handle.kysely,
        {
          article_id: article.id,
          parent_id: null,
          user_id: author.userId,
          author_name: author.name,
          author_email: author.userId ? null : 'khach@example.vn',
          body,
          status: 'pending',
          is_official: 0,
          ip: '',
          content_hash: body,
        },
        new Date().toISOString(),
      );
    /** A reader sends a comment from the article as the browser would, after reading a while. */
    const send = async (reader: Client, body: string) => {
      offset += 11 * 60_000;
      const page = await reader.get(article.url);
      offset += 5000;
      return reader.post('/y-kien', { articleId: String(article.id), body, _csrf: csrfFrom(page.body) });
    };
    const bannedFlag = async (id: number) =>
      Number(
        (
          await t.database.handle.kysely
            .selectFrom('users')
            .select('comments_banned')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).comments_banned,
      );
    const commentsBy = async (userId: number) =>
      (await t.database.handle.kysely.selectFrom('comments').select('id').where('user_id', '=', userId).execute())
        .length;

    test('an editor stops a reader from commenting: asked first, refused with a 403 that says why, undone from the message', async () => {
      const reader = await signedIn(t, 'reader', 'Phan Văn Ồn');
      const id = await comment({ name: 'Phan Văn Ồn', userId: reader.id }, 'Bình luận quá khích.');
      const action = `${QUEUE}/${id}/chan`;
      const queue = (await editor.get(QUEUE)).body;
      assert.match(
        queue,
        new RegExp(`<button type="submit" class="button danger" formaction="${action}">Chặn người gửi</button>`),
      );

      // The queue's form, as the button sends it: the question first, nothing changed yet.
      const asked = await editor.post(action, { tiep: `${QUEUE}?trang-thai=cho-duyet`, _csrf: csrfFrom(queue) });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Chặn tài khoản “Phan Văn Ồn” gửi ý kiến\? Bạn đọc này vẫn đăng nhập và đọc bài được/);
      assert.match(asked.body, /<a class="button" href="\/quan-tri\/y-kien\?trang-thai=cho-duyet">Hủy<\/a>/);
      assert.equal(await bannedFlag(reader.id), 0, 'nothing changed before the answer');

      const done = await editor.post(action, formFields(asked.body, action));
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `${QUEUE}?trang-thai=cho-duyet`, 'back to the queue as it was');
      assert.equal(await bannedFlag(reader.id), 1);
      const after = (await editor.get(`${QUEUE}?trang-thai=cho-duyet`)).body;
      assert.match(after, /role="status"><p>Đã chặn tài khoản “Phan Văn Ồn” gửi ý kiến\.<\/p>/);
      assert.match(after, /<strong class="author-banned">Đã bị chặn gửi ý kiến<\/strong>/);
      assert.match(after, new RegExp(`formaction="${QUEUE}/${id}/bo-chan">Bỏ chặn<`), 'the row offers the way back');

      // The reader: refused in Vietnamese, with a 403, and nothing stored.
      const before = await commentsBy(reader.id);
      const refused = await send(reader.client, 'Tôi vẫn muốn góp ý.');
      assert.equal(refused.statusCode, 403);
      assert.match(
        refused.body,
        /Tài khoản của bạn đã bị Ban biên tập chặn gửi ý kiến, nên ý kiến này chưa được gửi\./,
      );
      assert.equal(await commentsBy(reader.id), before);

      // "Bỏ chặn" from the message: the reader may comment again.
      const undo = formFields(after, `${QUEUE}/${id}/bo-chan`);
      assert.equal(undo.tiep, `${QUEUE}?trang-thai=cho-duyet`);
      const undone = await editor.post(`${QUEUE}/${id}/bo-chan`, undo);
      assert.equal(undone.statusCode, 303);
      assert.match((await editor.get(QUEUE)).body, /Đã bỏ chặn: tài khoản “Phan Văn Ồn” lại gửi được ý kiến\./);
      assert.equal(await bannedFlag(reader.id), 0);
      assert.equal((await send(reader.client, 'Cảm ơn Ban biên tập.')).statusCode, 303);
      assert.equal(await commentsBy(reader.id), before + 1);

      // Both steps in the log as sentences, and the filter finds the ban alone.
      const log = (await admin.get('/quan-tri/nhat-ky')).body;
      assert.ok(log.includes('Biên tập viên Lê Biên Tập đã chặn tài khoản Phan Văn Ồn gửi ý kiến.'));
      assert.ok(log.includes('Biên tập viên Lê Biên Tập đã bỏ chặn, cho tài khoản Phan Văn Ồn gửi ý kiến trở lại.'));
      assert.doesNotMatch(log, /comment\.(un)?ban/);
      assert.match(log, /<option value="chan-nguoi-gui">Chặn người gửi ý kiến<\/option>/);
      const bans = (await admin.get('/quan-tri/nhat-ky?hanh-dong=chan-nguoi-gui')).body;
      assert.match(bans, /đã chặn tài khoản Phan Văn Ồn gửi ý kiến\./);
      assert.doesNotMatch(bans, /bỏ chặn/);
    });

    test('a guest has no account to stop: no button, and the address says why and changes nothing', async () => {
      const guest = await comment({ name: 'Khách Vãng Lai', userId: null }, 'Mua hàng giá rẻ tại đây.');
      const staff = await signedIn(t, 'author', 'Trần Phóng Viên');
      const byStaff = await comment({ name: 'Trần Phóng Viên', userId: staff.id }, 'Ý kiến của phóng viên.');
      const queue = (await editor.get(QUEUE)).body;
      assert.doesNotMatch(queue, new RegExp(`${QUEUE}/${guest}/chan`));
      assert.doesNotMatch(queue, new RegExp(`${QUEUE}/${byStaff}/chan`), 'staff are locked by an admin, not here');
      const logBefore = (await admin.get('/quan-tri/nhat-ky.csv')).body;

      const res = await editor.post(`${QUEUE}/${guest}/chan`, { confirmed: '1', _csrf: csrfFrom(queue) });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, QUEUE);
      const said = (await editor.get(QUEUE)).body;
      assert.match(
        said,
        /role="alert"><p>Ý kiến này của khách, không gắn với tài khoản nào, nên không chặn được người gửi\. Hãy đánh dấu spam/,
      );
      const staffRes = await editor.post(`${QUEUE}/${byStaff}/chan`, { confirmed: '1', _csrf: csrfFrom(said) });
      assert.equal(staffRes.statusCode, 303);
      assert.match((await editor.get(QUEUE)).body, /Chỉ chặn được tài khoản bạn đọc\./);
      assert.equal(await bannedFlag(staff.id), 0);
      assert.equal((await admin.get('/quan-tri/nhat-ky.csv')).body, logBefore, 'nothing logged');
      // Not an editor: not allowed at all.
      const reader = await signedIn(t, 'reader', 'Bạn Đọc Tò Mò');
      const own = await comment({ name: 'Bạn Đọc Tò Mò', userId: reader.id }, 'Thử chặn chính mình.');
      const page = await reader.client.get(article.url);
      const forbidden = await reader.client.post(`${QUEUE}/${own}/chan`, {
        confirmed: '1',
        _csrf: csrfFrom(page.body),
      });
      assert.equal(forbidden.statusCode, 403);
      assert.equal(await bannedFlag(reader.id), 0);
    });

    test('closing and reopening an article’s comments is in the log', async () => {
      const form = (await editor.get(QUEUE)).body;
      assert.equal((await editor.post(`${QUEUE}/bai/${article.id}/dong`, { _csrf: csrfFrom(form) })).statusCode, 303);
      assert.equal((await editor.post(`${QUEUE}/bai/${article.id}/mo`, { _csrf: csrfFrom(form) })).statusCode, 303);
      const log = (await admin.get('/quan-tri/nhat-ky')).body;
      assert.ok(log.includes('Biên tập viên Lê Biên Tập đã đóng ý kiến của bài “Bài có ý kiến”.'));
      assert.ok(log.includes('Biên tập viên Lê Biên Tập đã mở lại ý kiến của bài “Bài có ý kiến”.'));
      const closes = (await admin.get('/quan-tri/nhat-ky?hanh-dong=dong-y-kien-bai')).body;
      assert.match(closes, /đã đóng ý kiến của bài/);
      assert.doesNotMatch(closes, /mở lại ý kiến/);
      // An article that does not exist: refused, and no entry.
      const missing = await editor.post(`${QUEUE}/bai/999999/dong`, { _csrf: csrfFrom(form) });
      assert.equal(missing.statusCode, 404);
      assert.equal(
        (await admin.get('/quan-tri/nhat-ky?hanh-dong=dong-y-kien-bai')).body.split('đã đóng ý kiến').length,
        2,
      );
    });
  });
}

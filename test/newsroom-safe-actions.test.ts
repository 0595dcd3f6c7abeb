import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, csrfFrom, formFields } from './support/client.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The form with this action on the page, as the fields a browser would send. */
for (const dialect of backends()) {
  describe(`safe actions in the newsroom on ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    let admin: Client;
    let author: Client;
    let editor: Client;
    // 2026-12-04 10:00 in Vietnam.
    const clock = Date.parse('2026-12-04T03:00:00Z');

    before(async () => {
      // No mailer given and no SMTP_URL: invitations go to the log, as on a fresh install.
      t = await createTestApp(dialect, { now: () => new Date(clock) });
      categoryId = await makeCategory(t.site, { slug: 'kinh-te', name: 'Kinh tế' });
      admin = (await signedIn(t, 'admin', 'Nguyễn Quản Trị')).client;
      author = (await signedIn(t, 'author', 'Trần Phóng Viên')).client;
      editor = (await signedIn(t, 'editor', 'Lê Biên Tập')).client;
    });
    after(() => t.close());

    const list = '/quan-tri/nguoi-dung';

    test('without a mail server, an invitation says the link went to the log, not that a mail was sent', async () => {
      const res = await admin.submit(list, list, { email: 'moi.pv@example.vn', displayName: 'Hồ Mới', role: 'author' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, list);
      const page = (await admin.get(list)).body;
      assert.match(page, /role="status"><p>Đã tạo tài khoản moi\.pv@example\.vn\. Máy chủ chưa cấu hình gửi thư/);
      assert.match(page, /ghi vào nhật ký máy chủ/);
      assert.doesNotMatch(page, /Đã gửi thư mời/);
    });

    test('a role change asks first, then says what it did and offers the way back; a reload repeats nothing', async () => {
      const target = await signedIn(t, 'author', 'Phạm Sẽ Đổi');
      const action = `${list}/${target.id}/vai-tro`;
      const asked = await admin.submit(list, action, { role: 'editor' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Đổi vai trò của Phạm Sẽ Đổi từ Phóng viên thành Biên tập viên\?/);
      assert.match(asked.body, /<a class="button" href="\/quan-tri\/nguoi-dung">Hủy<\/a>/);
      assert.doesNotMatch((await target.client.get('/quan-tri')).body, /Chờ tôi biên tập/, 'nothing changed yet');

      const done = await admin.post(action, formFields(asked.body, action));
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, list);
      assert.match((await target.client.get('/quan-tri')).body, /Chờ tôi biên tập/, 'the new role applies');
      const after = (await admin.get(list)).body;
      assert.match(after, /Đã đổi vai trò của Phạm Sẽ Đổi thành Biên tập viên\./);
      const undo = formFields(after, action);
      assert.equal(undo.role, 'author');
      assert.doesNotMatch((await admin.get(list)).body, /Đã đổi vai trò/, 'the message shows once');

      assert.equal((await admin.post(action, undo)).statusCode, 303);
      assert.doesNotMatch((await target.client.get('/quan-tri')).body, /Chờ tôi biên tập/, 'undone');
      assert.match((await admin.get(list)).body, /Đã đổi vai trò của Phạm Sẽ Đổi thành Phóng viên\./);
    });

    test('locking asks first and can be undone from the message', async () => {
      const target = await signedIn(t, 'author', 'Vũ Sẽ Khóa');
      const action = `${list}/${target.id}/khoa`;
      const asked = await admin.submit(list, action, { disabled: '1' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Khóa tài khoản của Vũ Sẽ Khóa\?/);
      assert.equal((await target.client.get('/quan-tri')).statusCode, 200, 'still signed in before the answer');
      assert.equal((await admin.post(action, formFields(asked.body, action))).statusCode, 303);
      assert.equal((await target.client.get('/quan-tri')).statusCode, 303, 'locked out');
      const after = (await admin.get(list)).body;
      assert.match(after, /Đã khóa tài khoản của Vũ Sẽ Khóa/);
      assert.equal((await admin.post(action, formFields(after, action))).statusCode, 303);
      assert.match((await admin.get(list)).body, /Đã mở khóa tài khoản của Vũ Sẽ Khóa\./);
    });

    test('a refused change is shown on the list and changes nothing', async () => {
      const res = await admin.post(`${list}/999999/khoa`, {
        disabled: '1',
        confirmed: '1',
        _csrf: csrfFrom((await admin.get(list)).body),
      });
      assert.equal(res.statusCode, 404);
    });

    async function newArticle(title: string): Promise<number> {
      const res = await author.submit('/quan-tri/bai-viet/moi', '/quan-tri/bai-viet', {
        title,
        sapo: 'Sapo.',
        bodyHtml: '<p>Nội dung.</p>',
        byline: 'TPV',
        categoryId: String(categoryId),
        tags: '',
        allowComments: '1',
      });
      assert.equal(res.statusCode, 303);
      return Number(/(\d+)$/.exec(res.headers.location as string)![1]);
    }

    test('the first "Lưu nháp" of a new article says it saved a draft, once, on the article’s page', async () => {
      const id = await newArticle('Mùa nước nổi về sớm');
      const url = `/quan-tri/bai-viet/${id}`;
      const saved = (await author.get(url)).body;
      assert.match(
        saved,
        /role="status"><p>Đã lưu bản nháp “Mùa nước nổi về sớm”\. Bài chưa hiện trên trang công khai\.<\/p>/,
      );
      assert.doesNotMatch((await author.get(url)).body, /Đã lưu bản nháp/, 'a reload says nothing again');
    });

    test('an author sends an article and can withdraw it; each step says what happened', async () => {
      const id = await newArticle('Giá lúa tăng vụ đông xuân');
      const url = `/quan-tri/bai-viet/${id}`;
      assert.equal((await author.submit(url, `${url}/gui`, { version: '1' })).headers.location, url);
      const sent = (await author.get(url)).body;
      assert.match(sent, /Đã gửi bài cho biên tập\. Bạn có thể rút lại/);
      assert.match(sent, new RegExp(`action="${url}/rut-lai"`));
      assert.match((await editor.get('/quan-tri')).body, /Giá lúa tăng vụ đông xuân/, 'waiting for the desk');

      const withdraw = formFields(sent, `${url}/rut-lai`);
      assert.equal((await author.post(`${url}/rut-lai`, withdraw)).statusCode, 303);
      const back = (await author.get(url)).body;
      assert.match(back, /Đã rút bài về nháp/);
      assert.match(back, /<span class="status status-draft">Nháp<\/span>/);
      assert.doesNotMatch((await editor.get('/quan-tri')).body, /Giá lúa tăng vụ đông xuân/, 'no longer waiting');
      // A reload of the article page repeats nothing and says nothing again.
      assert.doesNotMatch((await author.get(url)).body, /Đã rút bài/);
    });

    test('scheduling says the time in Vietnam time', async () => {
      const id = await newArticle('Hội chợ cuối năm');
      const url = `/quan-tri/bai-viet/${id}`;
      const res = await editor.submit(url, `${url}/xuat-ban`, { version: '1', at: '2026-12-05T08:00' });
      assert.equal(res.statusCode, 303);
      const scheduled = (await editor.get(url)).body;
      assert.match(scheduled, /Đã hẹn giờ đăng bài lúc 08:00 05\/12\/2026 \(giờ Việt Nam\)\./);
      // The field holds the time already set, so moving it is an edit of that time, not a retyping.
      assert.match(scheduled, /<input type="text" id="at" name="at"[^>]*value="08:00 05\/12\/2026"/);
      // The audit log says it in a sentence, in Vietnam time, never as a code.
      const log = (await admin.get('/quan-tri/nhat-ky')).body;
      assert.match(log, /Biên tập viên Lê Biên Tập đã hẹn giờ đăng bài “Hội chợ cuối năm” lúc 08:00 05\/12\/2026\./);
      assert.match(log, /Phóng viên Trần Phóng Viên đã gửi bài “Giá lúa tăng vụ đông xuân” cho biên tập\./);
      assert.match(log, /Phóng viên Trần Phóng Viên đã rút bài “Giá lúa tăng vụ đông xuân” về nháp\./);
      assert.doesNotMatch(log, /article\.[a-z_]+/);
      const csv = await admin.get('/quan-tri/nhat-ky.csv');
      assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'a BOM, so Excel reads UTF-8');
      assert.match(
        csv.body,
        /"10:00 04\/12\/2026","Lê Biên Tập","Biên tập viên Lê Biên Tập đã hẹn giờ đăng bài “Hội chợ cuối năm” lúc 08:00 05\/12\/2026\."/,
      );
      assert.equal((await author.get('/quan-tri/nhat-ky.csv')).statusCode, 403);
    });

    test('the scheduling field is typed as the site writes times, whatever the browser’s language', async () => {
      const form = (await editor.get(`/quan-tri/bai-viet/${await newArticle('Lịch trực Tết')}`)).body;
      assert.match(
        form,
        /<input type="text" id="at" name="at" inputmode="numeric"[^>]*placeholder="08:00 05\/12\/2026"/,
      );
      assert.match(form, /id="at-hint">Giờ Việt Nam, ghi giờ:phút ngày\/tháng\/năm/);
      const typedAndShown: [string, string][] = [
        ['09:30 06/12/2026', '09:30 06/12/2026'],
        ['6/12/2026 9:45', '09:45 06/12/2026'],
        [' 2026-12-06T10:15 ', '10:15 06/12/2026'],
      ];
      for (const [typed, shown] of typedAndShown) {
        const id = await newArticle(`Lịch trực ${typed}`);
        const url = `/quan-tri/bai-viet/${id}`;
        const res = await editor.submit(url, `${url}/xuat-ban`, { version: '1', at: typed });
        assert.equal(res.statusCode, 303, typed);
        assert.match(
          (await editor.get(url)).body,
          new RegExp(`Đã hẹn giờ đăng bài lúc ${shown} \\(giờ Việt Nam\\)\\.`),
        );
      }
      for (const bad of ['31/02/2026 08:00', '25:00 06/12/2026', '06/12/2026', 'sáng mai']) {
        const id = await newArticle(`Lịch sai ${bad}`);
        const url = `/quan-tri/bai-viet/${id}`;
        const res = await editor.submit(url, `${url}/xuat-ban`, { version: '1', at: bad });
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, /Thời điểm xuất bản không hợp lệ: hãy ghi giờ Việt Nam dạng giờ:phút ngày\/tháng\/năm/);
        const row = await t.database.handle.kysely
          .selectFrom('articles')
          .select(['status', 'published_at'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'draft', `${bad}: nothing written`);
        assert.equal(row.published_at, null);
      }
    });

    test('deleting an article asks first, moves it to the trash, and "Hoàn tác" brings it back', async () => {
      const id = await newArticle('Bài sẽ bị xóa');
      const url = `/quan-tri/bai-viet/${id}`;
      const asked = await author.submit(url, `${url}/xoa`, { version: '1' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Chuyển bài “Bài sẽ bị xóa” vào thùng rác\?/);
      assert.equal((await author.get(url)).statusCode, 200, 'still there');
      const done = await author.post(`${url}/xoa`, formFields(asked.body, `${url}/xoa`));
      assert.equal(done.headers.location, '/quan-tri/bai-viet');
      const list = (await author.get('/quan-tri/bai-viet')).body;
      assert.match(list, /Đã chuyển bài “Bài sẽ bị xóa” vào thùng rác\./);
      assert.doesNotMatch(list, /<a href="\/quan-tri\/bai-viet\/\d+">Bài sẽ bị xóa<\/a>/, 'gone from the list');
      assert.match((await author.get(url)).body, /Bài viết đang ở thùng rác/);
      // The message's "Hoàn tác" is a form: the author who deleted their draft takes it back.
      const undo = await author.post(
        '/quan-tri/thung-rac/khoi-phuc',
        formFields(list, '/quan-tri/thung-rac/khoi-phuc'),
      );
      assert.equal(undo.statusCode, 303);
      assert.match(
        (await author.get('/quan-tri/bai-viet')).body,
        /Đã khôi phục “Bài sẽ bị xóa”\.[\s\S]*>Bài sẽ bị xóa<\/a>/,
      );
    });
  });
}

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { insertComment, refreshCommentCounts } from '../src/comments/comments.repo.js';
import { encodeOwnerCookie } from '../src/comments/owner-cookies.js';
import { backends } from './support/databases.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { afterAction, afterComment, Client, commentNoticeIn, csrfFrom } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Real time moved by hand; `hold` stops it, for checks that two requests fall in the same second. */
function testClock() {
  let offset = 0;
  let held: number | undefined;
  return {
    now: () => new Date(held ?? Date.now() + offset),
    advance: (ms: number) => (held === undefined ? (offset += ms) : (held += ms)),
    hold: () => (held = Date.now() + offset),
    release: () => {
      if (held !== undefined) offset = held - Date.now();
      held = undefined;
    },
  };
}

function commentTexts(html: string): string[] {
  return [...html.matchAll(/<div class="comment-body"><p>(.*?)<\/p>/gs)].map((m) => m[1]!);
}

for (const dialect of backends()) {
  describe(`reader comments on ${dialect}`, () => {
    let t: TestApp;
    const clock = testClock();
    let newsId: number;
    let article: { id: number; url: string };
    let editor: Client;
    let admin: Client;

    before(async () => {
      // The page cache stays on: approvals must show on the next view anyway.
      t = await createTestApp(dialect, { now: clock.now, env: { PAGE_CACHE_SECONDS: '600' } });
      newsId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      article = await makeArticle(t.site, { categoryId: newsId, title: 'Bài để bình luận' });
      await makeUser(t, { email: 'bientap@example.vn', role: 'editor', name: 'Biên tập viên' });
      await makeUser(t, { email: 'quantri@example.vn', role: 'admin', name: 'Quản trị' });
      await makeUser(t, {
        email: 'docgia@example.vn',
        role: 'reader',
        name: 'Độc giả Minh',
        password: 'mật khẩu bạn đọc',
      });
    });
    after(() => t.close());
    // Every test starts in a fresh throttle window, as if some minutes had passed;
    // staff sessions end after two idle hours, so staff sign in again.
    beforeEach(async () => {
      clock.advance(11 * 60_000);
      editor = new Client(t.app);
      await editor.logIn('bientap@example.vn', STAFF_PASSWORD);
      admin = new Client(t.app);
      await admin.logIn('quantri@example.vn', STAFF_PASSWORD);
    });

    /** Loads the article like a reader, waits as a person would, then posts. */
    async function post(c: Client, fields: Record<string, string>, opts: { url?: string; wait?: number } = {}) {
      const page = await c.get(opts.url ?? article.url);
      clock.advance(opts.wait ?? 5000);
      return c.post('/y-kien', { articleId: String(article.id), _csrf: csrfFrom(page.body), ...fields });
    }

    const count = async () =>
      Number(
        (
          await t.database.handle.kysely
            .selectFrom('comments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a guest reading the cached article gets no cookie, and the form on it still posts', async () => {
      const guest = new Client(t.app);
      // The anonymous token changes each second: held, both views below fall in the same one.
      clock.hold();
      const page = await guest.get(article.url);
      assert.equal(page.headers['set-cookie'], undefined);
      assert.equal(guest.cookies.size, 0);
      assert.equal(page.headers['cache-control'], 'private, no-cache');
      const again = await new Client(t.app).get(article.url);
      assert.equal(csrfFrom(again.body), csrfFrom(page.body), 'one token per second serves every guest');
      clock.release();
      clock.advance(5000);
      const res = await guest.post('/y-kien', {
        articleId: String(article.id),
        _csrf: csrfFrom(page.body),
        name: 'Khách không cookie',
        email: 'khach@example.vn',
        body: 'Góp ý từ một bạn đọc chưa từng đăng nhập.',
      });
      assert.ok(res.statusCode < 400, `${res.statusCode} ${res.body.slice(0, 200)}`);
      const saved = await t.database.handle.kysely
        .selectFrom('comments')
        .select(['id', 'status'])
        .where('author_name', '=', 'Khách không cookie')
        .execute();
      assert.equal(saved.length, 1);
      assert.equal(saved[0]!.status, 'pending');
      // Leave the queue as the next tests expect it.
      await t.database.handle.kysely.deleteFrom('comments').where('id', '=', saved[0]!.id).execute();
      const forged = await guest.post('/y-kien', {
        articleId: String(article.id),
        _csrf: csrfFrom(page.body).replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
        name: 'Khách giả mạo',
        email: 'gia@example.vn',
        body: 'Một góp ý với mã bảo vệ bị sửa.',
      });
      assert.equal(forged.statusCode, 403);
    });

    test('a guest’s comment waits for approval, then shows on the next view, counted on listings', async () => {
      const guest = new Client(t.app);
      const res = await post(guest, {
        name: 'Trần Văn An',
        email: 'an@example.vn',
        body: 'Bài viết rất hữu ích, cảm ơn tòa soạn.',
      });
      // Without scripts: back to the article, which says so above an empty form; a reload repeats nothing.
      const back = await afterComment(guest, res, article.url);
      assert.match(
        commentNoticeIn(back.body) ?? '',
        /<p class="form-notice" role="status">Ý kiến của bạn đang chờ duyệt/,
      );
      assert.match(back.body, /<textarea id="f-body" name="body"[^>]*><\/textarea>/, 'the form is empty');
      assert.equal(back.headers['cache-control'], 'private, no-store', 'the notice is this reader’s alone');
      const stored = await count();
      const reloaded = await guest.get(article.url);
      assert.equal(commentNoticeIn(reloaded.body), undefined, 'said once');
      assert.equal(await count(), stored, 'the reload sent nothing');
      const before = await new Client(t.app).get(article.url);
      assert.ok(!before.body.includes('Bài viết rất hữu ích'), 'not shown before approval');

      const queue = await editor.get('/quan-tri/y-kien');
      assert.match(queue.body, /1 ý kiến chờ duyệt/, 'staff pages show the pending count');
      for (const staffPage of ['/quan-tri', '/quan-tri/bai-viet', '/quan-tri/thu-vien']) {
        assert.match(
          (await editor.get(staffPage)).body,
          /<a href="\/quan-tri\/y-kien">1 ý kiến chờ duyệt<\/a>/,
          staffPage,
        );
      }
      assert.match((await editor.get('/quan-tri')).body, />Ý kiến bạn đọc chờ duyệt: 1<\/a>/, 'the dashboard button');
      const id = /name="ids" value="(\d+)"/.exec(queue.body)![1]!;
      const done = await editor.post('/quan-tri/y-kien', { action: `approve:${id}`, _csrf: csrfFrom(queue.body) });
      assert.equal(done.statusCode, 303, 'POST → redirect → GET');
      assert.match((await editor.get(done.headers.location as string)).body, /Đã xử lý 1 ý kiến/);

      const after = await new Client(t.app).get(article.url);
      assert.deepEqual(commentTexts(after.body), ['Bài viết rất hữu ích, cảm ơn tòa soạn.']);
      assert.match(after.body, /<h2 id="y-kien">Ý kiến bạn đọc \(1\)<\/h2>/);
      assert.match(after.body, /<time datetime="[^"]+">\d\d:\d\d \d\d\/\d\d\/\d{4}<\/time>/);
      assert.ok(!after.body.includes('an@example.vn'), 'a guest’s email is never shown');
      assert.match((await t.app.inject('/tin-tuc')).body, /<span class="comment-count">1 ý kiến<\/span>/);
    });

    test('a signed-in reader comments under the display name', async () => {
      const reader = new Client(t.app);
      await reader.logIn('docgia@example.vn', 'mật khẩu bạn đọc');
      const page = await reader.get(article.url);
      assert.match(page.body, /Bạn đang gửi ý kiến với tên Độc giả Minh/);
      assert.ok(!/name="email"/.test(page.body.split('id="gui-y-kien"')[1]!), 'no name or email fields');
      const res = await post(reader, { body: 'Tôi đồng ý với quan điểm của bài.' });
      assert.match(commentNoticeIn((await afterComment(reader, res, article.url)).body) ?? '', /đang chờ duyệt/);
      const row = await t.database.handle.kysely
        .selectFrom('comments')
        .select(['author_name', 'status', 'user_id'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(row.author_name, 'Độc giả Minh');
      assert.equal(row.status, 'pending');
      assert.ok(row.user_id);
      const own = (await reader.get(article.url)).body;
      assert.match(
        own,
        /<h3 id="y-kien-cua-ban">Ý kiến của bạn<\/h3>[\s\S]*Chờ duyệt[\s\S]*Tôi đồng ý với quan điểm của bài\./,
        'the author sees it waiting',
      );
      assert.ok(
        !(await new Client(t.app).get(article.url)).body.includes('Tôi đồng ý với quan điểm'),
        'nobody else does',
      );
    });

    test('spam defences: too fast, honeypot, links, duplicates, per-IP limit', async () => {
      const guest = new Client(t.app);
      const base = { name: 'Khách', email: 'khach@example.vn' };
      const before = await count();
      const fast = await post(guest, { ...base, body: 'Gửi ngay lập tức không đợi.' }, { wait: 0 });
      assert.equal(fast.statusCode, 400);
      assert.match(fast.body, /Bạn gửi hơi nhanh/);
      assert.match(fast.body, /Gửi ngay lập tức không đợi\./, 'the text is kept in the form');
      const trap = await post(guest, { ...base, body: 'Tôi là máy, tôi điền mọi ô.', website: 'http://spam.example' });
      // The trap is not told it was caught: the same answer as a comment held for approval.
      assert.match(commentNoticeIn((await afterComment(guest, trap, article.url)).body) ?? '', /chờ duyệt/);
      const links = await post(guest, { ...base, body: 'Xem http://a.example http://b.example và http://c.example' });
      assert.equal(links.statusCode, 400);
      assert.match(links.body, /tối đa 2 liên kết/);
      assert.equal(await count(), before, 'nothing stored so far');
      assert.equal((await post(guest, { ...base, body: 'Một ý kiến chỉ gửi một lần.' })).statusCode, 303);
      const again = await post(guest, { ...base, body: 'một ý kiến  chỉ gửi MỘT lần.' });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /đã được gửi trước đó/);
      for (let i = 0; i < 4; i++)
        await post(new Client(t.app), {
          name: 'Người khác',
          email: `k${i}@example.vn`,
          body: `Ý kiến khác nhau số ${i}.`,
        });
      const limited = await post(new Client(t.app), {
        name: 'Người khác',
        email: 'k9@example.vn',
        body: 'Thêm một ý kiến nữa.',
      });
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Bạn đã thử quá nhiều lần/);
    });

    test('comments are limited per account (and per guest email) as well as per address', async () => {
      const reader = new Client(t.app);
      await reader.logIn('docgia@example.vn', 'mật khẩu bạn đọc');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        // A new address each time, so only the per-account limit can stop the sixth.
        const c = new Client(t.app, {}, `10.1.0.${i + 1}`);
        for (const [k, v] of reader.cookies) c.cookies.set(k, v);
        statuses.push((await post(c, { body: `Ý kiến thứ ${i + 1} của cùng một người.` })).statusCode);
      }
      assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429]);
      const guests: number[] = [];
      for (let i = 0; i < 6; i++) {
        guests.push(
          (
            await post(new Client(t.app, {}, `10.2.0.${i + 1}`), {
              name: 'Khách',
              email: 'cung-email@example.vn',
              body: `Góp ý thứ ${i + 1} cùng email.`,
            })
          ).statusCode,
        );
      }
      assert.deepEqual(guests, [303, 303, 303, 303, 303, 429]);
    });

    test('bad input gets a Vietnamese 4xx and writes nothing', async () => {
      const guest = new Client(t.app);
      const before = await count();
      const cases: [Record<string, string>, number, RegExp][] = [
        [{ name: 'An', email: 'an@example.vn', body: 'ngắn' }, 400, /từ 5 đến 2.000 ký tự/],
        [{ name: 'An', email: 'an@example.vn', body: 'x'.repeat(2001) }, 400, /từ 5 đến 2.000 ký tự/],
        [{ name: 'An', email: 'khong-phai-email', body: 'Nội dung hợp lệ.' }, 400, /Địa chỉ email không hợp lệ/],
        [{ name: '', email: 'an@example.vn', body: 'Nội dung hợp lệ.' }, 400, /Tên hiển thị/],
        [{ name: 'An', email: 'an@example.vn', body: 'Nội dung hợp lệ.', articleId: '999999' }, 404, /không tồn tại/],
        [{ name: 'An', email: 'an@example.vn', body: 'Nội dung hợp lệ.', articleId: 'abc' }, 400, /không hợp lệ/],
        [
          { name: 'An', email: 'an@example.vn', body: 'Trả lời một ý kiến không có.', parentId: '999999' },
          400,
          /Không thể trả lời/,
        ],
      ];
      for (const [fields, status, message] of cases) {
        clock.advance(11 * 60_000);
        const res = await post(guest, fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields).slice(0, 80));
        assert.match(res.body, message);
      }
      assert.equal(await count(), before);
    });

    test('an editor corrects a comment; its status stays and the change shows at once', async () => {
      const guest = new Client(t.app);
      await post(guest, { name: 'Đặng Thu', email: 'thu@example.vn', body: 'Số điện thoại của tôi là 0900 000 000.' });
      const id = Number(
        (
          await t.database.handle.kysely
            .selectFrom('comments')
            .select('id')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const queue = await editor.get('/quan-tri/y-kien');
      await editor.post('/quan-tri/y-kien', { action: `approve:${id}`, _csrf: csrfFrom(queue.body) });
      const form = await editor.get(`/quan-tri/y-kien/${id}`);
      const res = await editor.post(`/quan-tri/y-kien/${id}/sua`, {
        body: 'Số điện thoại đã được Ban biên tập ẩn.',
        _csrf: csrfFrom(form.body),
      });
      const saved = await afterAction(editor, res, `/quan-tri/y-kien/${id}`, `Đã lưu nội dung ý kiến số ${id}.`);
      assert.match(saved.body, /<textarea id="f-sua"[^>]*>Số điện thoại đã được Ban biên tập ẩn\.<\/textarea>/);
      const view = await new Client(t.app).get(article.url);
      assert.match(view.body, /Số điện thoại đã được Ban biên tập ẩn\./);
      assert.ok(!view.body.includes('0900 000 000'));
      const row = await t.database.handle.kysely
        .selectFrom('comments')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'approved');
      const short = await editor.post(`/quan-tri/y-kien/${id}/sua`, { body: 'ngắn', _csrf: csrfFrom(form.body) });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /role="alert">Nội dung ý kiến cần từ 5 đến 2\.000 ký tự\./);
      assert.match(
        short.body,
        /<textarea id="f-sua"[^>]*>ngắn<\/textarea>/,
        'the typed text, to fix rather than retype',
      );
      assert.doesNotMatch(short.body, /Đã lưu nội dung/);
    });

    test('staff replies are official, approved at once, and shown one level deep', async () => {
      const guest = new Client(t.app);
      await post(guest, { name: 'Lê Thị Hoa', email: 'hoa@example.vn', body: 'Khi nào có số liệu năm nay?' });
      const id = Number(
        (
          await t.database.handle.kysely
            .selectFrom('comments')
            .select('id')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const page = await editor.get(`/quan-tri/y-kien/${id}`);
      const short = await editor.post(`/quan-tri/y-kien/${id}/tra-loi`, { body: 'Ừ.', _csrf: csrfFrom(page.body) });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /<textarea id="f-tra-loi"[^>]*>Ừ\.<\/textarea>/, 'a refused reply keeps its text');
      const res = await editor.post(`/quan-tri/y-kien/${id}/tra-loi`, {
        body: 'Số liệu sẽ được công bố vào tháng sau.',
        _csrf: csrfFrom(page.body),
      });
      await afterAction(
        editor,
        res,
        '/quan-tri/y-kien?trang-thai=da-duyet',
        'Đã đăng trả lời của Ban biên tập cho ý kiến của Lê Thị Hoa.',
      );
      const view = await new Client(t.app).get(article.url);
      const item = view.body.slice(view.body.indexOf(`id="y-kien-${id}"`));
      assert.match(
        item,
        /Khi nào có số liệu năm nay\?[\s\S]*<ol class="replies"><li class="comment official"[^>]*>\s*<p class="comment-meta"><span class="comment-author">Biên tập viên<\/span> <span class="badge">Ban biên tập<\/span>/,
      );
      // A reader may answer the top comment; the reply form carries its id.
      const reply = await new Client(t.app).get(`/y-kien/${id}/tra-loi`);
      assert.match(reply.body, new RegExp(`name="parentId" value="${id}"`));
    });

    test('an editor closes and reopens comments on one article', async () => {
      const other = await makeArticle(t.site, { categoryId: newsId, title: 'Bài sẽ đóng ý kiến' });
      await post(
        new Client(t.app),
        { articleId: String(other.id), name: 'Ngô Lan', email: 'lan@example.vn', body: 'Ý kiến trước khi đóng.' },
        { url: other.url },
      );
      const id = Number(
        (
          await t.database.handle.kysely
            .selectFrom('comments')
            .select('id')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const admin = await editor.get(`/quan-tri/y-kien/${id}`);
      const closed = await editor.post(`/quan-tri/y-kien/bai/${other.id}/dong`, { _csrf: csrfFrom(admin.body) });
      assert.equal(closed.statusCode, 303);
      assert.match((await editor.get('/quan-tri/y-kien')).body, /Đã đóng ý kiến của bài viết/);
      const view = await new Client(t.app).get(other.url);
      assert.match(view.body, /Bài viết này đã đóng ý kiến bạn đọc/);
      assert.ok(!view.body.includes('id="gui-y-kien"'), 'no form on a closed article');
      const refused = await post(
        new Client(t.app),
        { articleId: String(other.id), name: 'Ngô Lan', email: 'lan2@example.vn', body: 'Gửi sau khi đã đóng.' },
        { url: '/dang-ky' },
      );
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /đã đóng ý kiến/);
      assert.match((await editor.get(`/quan-tri/y-kien/${id}`)).body, /Mở lại ý kiến của bài viết này/);
      await editor.post(`/quan-tri/y-kien/bai/${other.id}/mo`, { _csrf: csrfFrom(admin.body) });
      assert.match((await editor.get('/quan-tri/y-kien')).body, /Đã mở lại/);
      assert.match((await new Client(t.app).get(other.url)).body, /id="gui-y-kien"/);
    });

    test('the report link counts a report that moderators see', async () => {
      const view = await new Client(t.app).get(article.url);
      const id = /<a href="\/y-kien\/(\d+)\/bao-cao" rel="nofollow">Báo vi phạm<\/a>/.exec(view.body)![1]!;
      const c = new Client(t.app);
      const confirm = await c.get(`/y-kien/${id}/bao-cao`);
      assert.match(confirm.body, /Bạn muốn báo ý kiến dưới đây/);
      const res = await c.post(`/y-kien/${id}/bao-cao`, { _csrf: csrfFrom(confirm.body) });
      // Back to the article, thanked above its form.
      const back = await afterComment(c, res, article.url);
      assert.match(commentNoticeIn(back.body) ?? '', /Ban biên tập sẽ xem xét/);
      const queue = await editor.get('/quan-tri/y-kien?trang-thai=da-duyet');
      assert.match(queue.body, /1 lượt báo vi phạm/);
    });

    test('bulk actions move comments between tabs; filters narrow the queue', async () => {
      for (const [i, who] of ['Phạm Bình', 'Vũ Cường', 'Đỗ Dũng'].entries()) {
        await post(new Client(t.app), {
          name: who,
          email: `bulk${i}@example.vn`,
          body: `Ý kiến hàng loạt thứ ${i + 1}.`,
        });
      }
      const filtered = await editor.get(`/quan-tri/y-kien?tac-gia=${encodeURIComponent('Vũ')}`);
      assert.match(filtered.body, /Vũ Cường/);
      assert.ok(!filtered.body.includes('Phạm Bình'));
      assert.match(
        (await editor.get(`/quan-tri/y-kien?bai=${article.id}&ip=127.0.0.1`)).body,
        /Vũ Cường/,
        'by article and address',
      );
      // Another tab keeps the filters in use, and each row offers its article as a filter.
      const narrowed = (await editor.get(`/quan-tri/y-kien?ip=127.0.0.1&q=${encodeURIComponent('hàng loạt')}`)).body;
      assert.match(
        narrowed,
        /<a href="\/quan-tri\/y-kien\?trang-thai=da-duyet&amp;ip=127\.0\.0\.1&amp;q=h%C3%A0ng\+lo%E1%BA%A1t">Đã duyệt<\/a>/,
      );
      assert.ok(
        narrowed.includes(
          `<a href="/quan-tri/y-kien?trang-thai=cho-duyet&amp;bai=${article.id}">Lọc theo bài này<span class="visually-hidden">: `,
        ),
      );
      for (const narrow of ['bai=999999', 'ip=10.0.0.9']) {
        const none = await editor.get(`/quan-tri/y-kien?${narrow}`);
        assert.ok(!none.body.includes('Vũ Cường'), narrow);
        assert.match(none.body, /Không có ý kiến nào/, narrow);
      }
      const queue = await editor.get('/quan-tri/y-kien');
      const ids = [
        ...queue.body.matchAll(
          /<input type="checkbox" name="ids" value="(\d+)"[^>]*>\s*<label[^>]*>[^<]*<\/label>:\s*<strong>(Phạm Bình|Vũ Cường)</g,
        ),
      ].map((m) => m[1]!);
      assert.equal(ids.length, 2);
      const form = new URLSearchParams([
        ['_csrf', csrfFrom(queue.body)],
        ['action', 'spam'],
        ...ids.map((id) => ['ids', id]),
      ]);
      // Ticked comments are asked about once; answering does it.
      const asked = await editor.postRaw('/quan-tri/y-kien', form.toString());
      assert.match(asked.body, /Đánh dấu spam 2 ý kiến: [^<]*\?/);
      assert.match(asked.body, /Phạm Bình \(“Ý kiến hàng loạt thứ 1\.”\)/);
      assert.match(asked.body, /Vũ Cường \(“Ý kiến hàng loạt thứ 2\.”\)/);
      form.set('confirmed', '1');
      await editor.postRaw('/quan-tri/y-kien', form.toString());
      assert.match((await editor.get('/quan-tri/y-kien')).body, /Đã xử lý 2 ý kiến/);
      const spam = await editor.get('/quan-tri/y-kien?trang-thai=spam');
      assert.match(spam.body, /Phạm Bình/);
      assert.match(spam.body, /Vũ Cường/);
      const none = await editor.post('/quan-tri/y-kien', { action: 'approve', _csrf: csrfFrom(queue.body) });
      assert.equal(none.statusCode, 303);
      assert.match((await editor.get('/quan-tri/y-kien')).body, /Chưa chọn mục nào/);
    });

    test('readers edit or delete their own comment for 10 minutes only', async () => {
      const reader = new Client(t.app);
      await reader.logIn('docgia@example.vn', 'mật khẩu bạn đọc');
      await post(reader, { body: 'Ý kiến có lỗi chính tả.' });
      const id = Number(
        (
          await t.database.handle.kysely
            .selectFrom('comments')
            .select('id')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      );
      const form = await reader.get(`/y-kien/${id}/sua`);
      const edited = await reader.post(`/y-kien/${id}/sua`, {
        body: 'Ý kiến đã sửa chính tả.',
        _csrf: csrfFrom(form.body),
      });
      const told = await afterAction(reader, edited, '/tai-khoan', 'Đã lưu ý kiến bạn sửa.');
      assert.match(told.body, /<ul class="my-comments">[\s\S]*Ý kiến đã sửa chính tả\./);
      const other = new Client(t.app);
      await other.logIn('bientap@example.vn', STAFF_PASSWORD);
      assert.equal(
        (await other.post(`/y-kien/${id}/xoa`, { _csrf: csrfFrom((await other.get('/dang-ky')).body) })).statusCode,
        403,
        'not someone else’s',
      );
      clock.advance(11 * 60_000);
      const late = await reader.post(`/y-kien/${id}/sua`, { body: 'Sửa quá muộn.', _csrf: csrfFrom(form.body) });
      assert.equal(late.statusCode, 403);
      assert.match(late.body, /trong 10 phút/);
      const row = await t.database.handle.kysely
        .selectFrom('comments')
        .select('body')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.body, 'Ý kiến đã sửa chính tả.');
    });

    test('a guest edits or deletes their own comment for 10 minutes by a cookie, and sees it on a page of their own', async () => {
      const guest = new Client(t.app);
      const cached = await new Client(t.app).get(article.url);
      assert.equal(cached.headers['cache-control'], 'private, no-cache', 'the shared page is in the cache');
      const res = await post(guest, {
        name: 'Khách Sửa',
        email: 'sua@example.vn',
        body: 'Ý kiến của khách có lỗi chinh tả.',
      });
      const back = await afterComment(guest, res, article.url);
      const row = await t.database.handle.kysely
        .selectFrom('comments')
        .select(['id', 'owner_token_hash'])
        .where('author_name', '=', 'Khách Sửa')
        .executeTakeFirstOrThrow();
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string).find((l) => l.startsWith('ts_yk='));
      assert.match(
        cookie!,
        new RegExp(`^ts_yk=${row.id}\\.[\\w-]{43}![\\w-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600$`),
      );
      const token = new RegExp(`^${row.id}\\.([\\w-]{43})!`).exec(guest.cookies.get('ts_yk')!)![1]!;
      assert.equal(row.owner_token_hash, createHash('sha256').update(token).digest('hex'), 'only the hash is stored');
      assert.match(commentNoticeIn(back.body) ?? '', /Bạn có thể sửa hoặc xóa ý kiến này trong 10 phút/);
      assert.match(
        back.body,
        new RegExp(`<section class="own-comments"[\\s\\S]*<a href="/y-kien/${row.id}/sua">Sửa</a>`),
        'offered at once',
      );

      const own = await guest.get(article.url);
      assert.equal(own.headers['cache-control'], 'private, no-store');
      assert.match(
        own.body,
        /<h3 id="y-kien-cua-ban">Ý kiến của bạn<\/h3>[\s\S]*Chờ duyệt[\s\S]*Ý kiến của khách có lỗi chinh tả\./,
      );
      for (const other of [new Client(t.app), new Client(t.app)]) {
        const view = await other.get(article.url);
        assert.ok(!view.body.includes('lỗi chinh tả'), 'never shown to, or cached for, other guests');
        assert.equal(view.headers['cache-control'], 'private, no-cache');
      }

      const stranger = new Client(t.app);
      assert.equal((await stranger.get(`/y-kien/${row.id}/sua`)).statusCode, 303, 'no token: sent to sign in');
      stranger.cookies.set('ts_yk', `${row.id}.${'x'.repeat(43)}!${'y'.repeat(43)}`);
      assert.equal(
        (await stranger.get(`/y-kien/${row.id}/sua`)).statusCode,
        303,
        'a cookie the server did not sign holds no token',
      );
      stranger.cookies.set('ts_yk', encodeOwnerCookie(t.app.csrf.secret, new Map([[row.id, 'x'.repeat(43)]])));
      assert.equal(
        (await stranger.get(`/y-kien/${row.id}/sua`)).statusCode,
        404,
        'a guessed token is no one’s, even signed',
      );
      const forged = await stranger.post(`/y-kien/${row.id}/sua`, {
        body: 'Sửa bởi người lạ.',
        _csrf: csrfFrom((await stranger.get('/dang-ky')).body),
      });
      assert.equal(forged.statusCode, 403);
      assert.equal(
        (await guest.post(`/y-kien/${row.id}/sua`, { body: 'Không có mã bảo vệ.' })).statusCode,
        403,
        'CSRF applies',
      );

      const form = await guest.get(`/y-kien/${row.id}/sua`);
      assert.match(form.body, /<textarea id="f-sua"[^>]*>Ý kiến của khách có lỗi chinh tả\.<\/textarea>/);
      const links = await guest.post(`/y-kien/${row.id}/sua`, {
        body: 'Xem http://a.example http://b.example http://c.example',
        _csrf: csrfFrom(form.body),
      });
      assert.equal(links.statusCode, 400, 'edits follow the same content rules');
      assert.match(links.body, /tối đa 2 liên kết/);
      const edited = await guest.post(`/y-kien/${row.id}/sua`, {
        body: 'Ý kiến của khách đã sửa chính tả.',
        _csrf: csrfFrom(form.body),
      });
      const told = await afterAction(guest, edited, `${article.url}#y-kien-da-gui`, 'Đã lưu ý kiến bạn sửa.');
      assert.match(told.body, /Ý kiến của khách đã sửa chính tả\./);

      clock.advance(11 * 60_000);
      const late = await guest.post(`/y-kien/${row.id}/sua`, {
        body: 'Sửa khi đã quá 10 phút.',
        _csrf: csrfFrom(form.body),
      });
      assert.equal(late.statusCode, 403);
      assert.match(late.body, /trong 10 phút/);
      const saved = await t.database.handle.kysely
        .selectFrom('comments')
        .select(['body', 'status'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(saved, { body: 'Ý kiến của khách đã sửa chính tả.', status: 'pending' });
      await t.database.handle.kysely.deleteFrom('comments').where('id', '=', row.id).execute();
    });

    test('a guest deletes their own published comment; the count and the cookie go with it', async () => {
      const guest = new Client(t.app);
      await post(guest, { name: 'Khách Xóa', email: 'xoa@example.vn', body: 'Ý kiến khách sẽ tự xóa.' });
      const queue = await editor.get('/quan-tri/y-kien');
      const id = new RegExp(`name="ids" value="(\\d+)"[^>]*>\\s*<label[^>]*>[^<]*</label>:\\s*<strong>Khách Xóa`).exec(
        queue.body,
      )![1]!;
      await editor.post('/quan-tri/y-kien', { action: `approve:${id}`, _csrf: csrfFrom(queue.body) });
      const before = await new Client(t.app).get(article.url);
      const countOf = (html: string) => Number(/Ý kiến bạn đọc \((\d+)\)/.exec(html)![1]);
      assert.match(before.body, /Ý kiến khách sẽ tự xóa\./);
      const page = await guest.get(article.url);
      assert.match(page.body, new RegExp(`action="/y-kien/${id}/xoa"`), 'still editable, so offered on the page');
      const res = await guest.post(`/y-kien/${id}/xoa`, { _csrf: csrfFrom(page.body) });
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] as string).find((l) => l.startsWith('ts_yk='));
      assert.equal(cookie, 'ts_yk=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
      assert.equal(guest.cookies.has('ts_yk'), false);
      const told = await afterAction(guest, res, `${article.url}#y-kien-da-gui`, 'Ý kiến của bạn đã được xóa.');
      assert.ok(!told.body.includes('Ý kiến khách sẽ tự xóa'));
      const after = await new Client(t.app).get(article.url);
      assert.ok(!after.body.includes('Ý kiến khách sẽ tự xóa'), 'gone from the cached page too');
      assert.equal(countOf(after.body), countOf(before.body) - 1);
    });

    test('500 approved comments: 50 a page, oldest first, newest page linkable, bad pages refused', async () => {
      const big = await makeArticle(t.site, { categoryId: newsId, title: 'Bài nhiều ý kiến' });
      const db = t.database.handle.kysely;
      await db.transaction().execute(async (trx) => {
        for (let i = 1; i <= 500; i++) {
          await insertComment(
            trx,
            {
              article_id: big.id,
              parent_id: null,
              user_id: null,
              author_name: `Bạn đọc ${i}`,
              author_email: null,
              body: `Ý kiến số ${i}`,
              status: 'approved',
              is_official: 0,
              ip: '',
              content_hash: `h${i}`,
            },
            new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
          );
        }
        await refreshCommentCounts(trx, [big.id]);
      });
      t.site.contentChanged();
      const first = await t.app.inject(big.url);
      assert.equal(first.statusCode, 200);
      const texts = commentTexts(first.body);
      assert.equal(texts.length, 50);
      assert.equal(texts[0], 'Ý kiến số 1');
      assert.match(first.body, /Ý kiến bạn đọc \(500\)/);
      assert.match(
        first.body,
        new RegExp(
          `<a href="${big.url.replace(/\./g, '\\.')}\\?y-kien=10#y-kien" aria-label="Trang ý kiến 10">Mới nhất</a>`,
        ),
      );
      const last = await t.app.inject(`${big.url}?y-kien=10`);
      assert.equal(commentTexts(last.body).at(-1), 'Ý kiến số 500');
      assert.equal((await t.app.inject(`${big.url}?y-kien=11`)).statusCode, 404);
      assert.equal((await t.app.inject(`${big.url}?y-kien=abc`)).statusCode, 400);
    });

    test('replies do not make pages: fifty top-level comments and a reply fit on one page', async () => {
      const full = await makeArticle(t.site, { categoryId: newsId, title: 'Bài vừa đủ một trang ý kiến' });
      const db = t.database.handle.kysely;
      const write = (i: number, parentId: number | null) =>
        insertComment(
          db,
          {
            article_id: full.id,
            parent_id: parentId,
            user_id: null,
            author_name: `Người ${i}`,
            author_email: null,
            body: `Ý kiến số ${i}`,
            status: 'approved',
            is_official: 0,
            ip: '',
            content_hash: `f${full.id}-${i}`,
          },
          new Date(Date.UTC(2025, 2, 1, 0, 0, i)).toISOString(),
        );
      const first = await write(1, null);
      for (let i = 2; i <= 50; i++) await write(i, null);
      await write(51, first);
      await refreshCommentCounts(db, [full.id]);
      t.site.contentChanged();
      const page = await t.app.inject(full.url);
      assert.match(page.body, /Ý kiến bạn đọc \(51\)/);
      assert.equal(commentTexts(page.body).length, 51, 'fifty comments and the reply under the first');
      assert.ok(!page.body.includes('?y-kien=2'), 'no link to a second page');
      assert.equal((await t.app.inject(`${full.url}?y-kien=2`)).statusCode, 404);
    });

    test('each comment page shows the replies to its own comments, and none to a comment since hidden', async () => {
      const paged = await makeArticle(t.site, { categoryId: newsId, title: 'Bài có trả lời trên nhiều trang' });
      const db = t.database.handle.kysely;
      const at = (i: number) => new Date(Date.UTC(2025, 1, 1, 0, 0, i)).toISOString();
      const write = (i: number, parentId: number | null, body: string, status: 'approved' | 'rejected' = 'approved') =>
        insertComment(
          db,
          {
            article_id: paged.id,
            parent_id: parentId,
            user_id: null,
            author_name: `Người ${i}`,
            author_email: null,
            body,
            status,
            is_official: 0,
            ip: '',
            content_hash: `p${paged.id}-${i}`,
          },
          at(i),
        );
      const top: number[] = [];
      for (let i = 1; i <= 60; i++) top.push(await write(i, null, `Gốc số ${i}`, i === 2 ? 'rejected' : 'approved'));
      await write(100, top[0]!, 'Trả lời ý kiến đầu');
      await write(101, top[1]!, 'Trả lời ý kiến đã ẩn');
      await write(102, top[55]!, 'Trả lời ý kiến trang hai');
      await refreshCommentCounts(db, [paged.id]);
      t.site.contentChanged();
      const first = (await t.app.inject(paged.url)).body;
      const second = (await t.app.inject(`${paged.url}?y-kien=2`)).body;
      const firstItem = first.slice(first.indexOf(`id="y-kien-${top[0]}"`), first.indexOf(`id="y-kien-${top[2]}"`));
      assert.match(firstItem, /<ol class="replies">[\s\S]*Trả lời ý kiến đầu/);
      assert.ok(!first.includes('Trả lời ý kiến trang hai') && !first.includes('Trả lời ý kiến đã ẩn'));
      assert.match(
        second.slice(second.indexOf(`id="y-kien-${top[55]}"`)),
        /^[^]*?Gốc số 56[^]*?<ol class="replies">[^]*?Trả lời ý kiến trang hai/,
      );
      assert.ok(!second.includes('Trả lời ý kiến đầu') && !second.includes('Trả lời ý kiến đã ẩn'));
    });

    test('settings: guests can be turned away, and pre-moderation turned off', async () => {
      const page = await admin.get('/quan-tri/y-kien/cai-dat');
      const save = (fields: Record<string, string>) =>
        admin.post('/quan-tri/y-kien/cai-dat', {
          guestsAllowed: '1',
          premoderation: 'all',
          closeAfterDays: '0',
          blocklist: '',
          blocklistAction: 'hold',
          _csrf: csrfFrom(page.body),
          ...fields,
        });
      assert.equal((await editor.get('/quan-tri/y-kien/cai-dat')).statusCode, 403, 'editors do not change settings');
      const saved = await afterAction(
        admin,
        await save({ guestsAllowed: '0' }),
        '/quan-tri/y-kien/cai-dat',
        'Đã lưu cài đặt ý kiến bạn đọc.',
      );
      assert.match(saved.body, /<option value="0" selected>/, 'the form shows what was saved');
      const view = await new Client(t.app).get(article.url);
      assert.match(view.body, /Đăng nhập để gửi ý kiến/);
      assert.equal(
        (
          await post(
            new Client(t.app),
            { name: 'Khách', email: 'g@example.vn', body: 'Khách không được gửi.' },
            { url: '/dang-ky' },
          )
        ).statusCode,
        401,
      );

      await save({ premoderation: 'none', blocklist: 'lừa đảo' });
      const reader = new Client(t.app);
      await reader.logIn('docgia@example.vn', 'mật khẩu bạn đọc');
      const shown = await post(reader, { body: 'Đăng ngay không cần duyệt.' });
      assert.match(
        commentNoticeIn((await afterComment(reader, shown, article.url)).body) ?? '',
        /Ý kiến của bạn đã được đăng/,
      );
      const held = await post(reader, { body: 'Trang này LUA DAO đấy.' });
      assert.match(
        commentNoticeIn((await afterComment(reader, held, article.url)).body) ?? '',
        /chờ duyệt/,
        'the blocklist holds it, matched without marks',
      );
      await save({ premoderation: 'none', blocklist: 'lừa đảo', blocklistAction: 'reject' });
      const before = await count();
      const rejected = await post(reader, { body: 'Lại là trang lừa đảo nữa.' });
      assert.equal(rejected.statusCode, 400);
      assert.match(rejected.body, /không phù hợp với quy định/);
      assert.equal(await count(), before, 'refused outright, nothing stored');
      const badDays = await save({ closeAfterDays: 'mười', blocklist: 'lừa đảo\nquảng cáo' });
      assert.equal(badDays.statusCode, 400);
      assert.match(badDays.body, /Yêu cầu không hợp lệ/, "zod's own English never reaches the form");
      assert.match(badDays.body, /name="closeAfterDays" type="text" value="mười"/, 'the form as typed');
      assert.match(badDays.body, /<textarea id="f-blocklist" name="blocklist" rows="6">lừa đảo\nquảng cáo<\/textarea>/);
      assert.match(badDays.body, /<option value="hold" selected>/, 'as sent, not the stored "reject"');
      assert.doesNotMatch(badDays.body, /Đã lưu cài đặt/);
      assert.match(
        (await admin.get('/quan-tri/y-kien/cai-dat')).body,
        /name="blocklist" rows="6">lừa đảo<\/textarea>/,
        'nothing saved',
      );
      await save({});
    });

    test('comments close by themselves N days after publication', async () => {
      const fresh = await makeArticle(t.site, {
        categoryId: newsId,
        title: 'Bài mới đăng hôm qua',
        publishedAt: new Date(clock.now().getTime() - 36 * 3600_000).toISOString(),
      });
      const page = await admin.get('/quan-tri/y-kien/cai-dat');
      const save = (days: string) =>
        admin.post('/quan-tri/y-kien/cai-dat', {
          guestsAllowed: '1',
          premoderation: 'all',
          closeAfterDays: days,
          blocklist: '',
          blocklistAction: 'hold',
          _csrf: csrfFrom(page.body),
        });
      const twoDays = await save('2');
      assert.equal(twoDays.statusCode, 303);
      assert.equal(twoDays.headers.location, '/quan-tri/y-kien/cai-dat');
      assert.match(
        (await new Client(t.app).get(fresh.url)).body,
        /id="gui-y-kien"/,
        'a day and a half old: still open',
      );
      const old = await new Client(t.app).get(article.url);
      assert.match(old.body, /Bài viết này đã đóng ý kiến bạn đọc/, 'published in 2024: closed');
      assert.ok(!old.body.includes('id="gui-y-kien"'));
      const refused = await post(
        new Client(t.app),
        { name: 'Khách Muộn', email: 'muon@example.vn', body: 'Gửi khi bài đã quá hạn.' },
        { url: fresh.url },
      );
      assert.equal(refused.statusCode, 400, 'the server refuses too, whatever form was loaded');
      assert.match(refused.body, /đã đóng ý kiến/);
      clock.advance(13 * 3600_000);
      // The guests' cached copy may keep its form for up to PAGE_CACHE_SECONDS (wall-clock time); the server decides.
      const late = await post(
        new Client(t.app),
        {
          articleId: String(fresh.id),
          name: 'Khách Muộn',
          email: 'muon@example.vn',
          body: 'Gửi khi bài đã quá hai ngày.',
        },
        { url: fresh.url },
      );
      assert.equal(late.statusCode, 400, 'two days on, closed');
      assert.match(late.body, /đã đóng ý kiến/);
      const reader = new Client(t.app);
      await reader.logIn('docgia@example.vn', 'mật khẩu bạn đọc');
      assert.match((await reader.get(fresh.url)).body, /Bài viết này đã đóng ý kiến bạn đọc/);
      await admin.logIn('quantri@example.vn', STAFF_PASSWORD); // staff sessions do not outlive 13 idle hours
      const again = await admin.get('/quan-tri/y-kien/cai-dat');
      assert.equal(
        (
          await admin.post('/quan-tri/y-kien/cai-dat', {
            guestsAllowed: '1',
            premoderation: 'all',
            closeAfterDays: '0',
            blocklist: '',
            blocklistAction: 'hold',
            _csrf: csrfFrom(again.body),
          })
        ).statusCode,
        303,
      );
      assert.match((await new Client(t.app).get(article.url)).body, /id="gui-y-kien"/, '0 keeps comments open');
    });
  });
}

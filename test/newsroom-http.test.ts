import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAction, Client, csrfFrom, ORIGIN } from './support/client.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`newsroom over HTTP on ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    let author: Client;
    let editor: Client;
    let admin: Client;
    let adminId: number;

    let dataDir: string;
    const mails: { to: string; text: string }[] = [];

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-http-'));
      t = await createTestApp(dialect, {
        env: { DATA_DIR: dataDir },
        mailer: { send: async (mail) => void mails.push(mail) },
      });
      categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      author = (await signedIn(t, 'author', 'Phóng viên <An>')).client;
      editor = (await signedIn(t, 'editor', 'Biên tập Chi')).client;
      ({ client: admin, id: adminId } = await signedIn(t, 'admin', 'Quản trị Dũng'));
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const form = (over: Record<string, string> = {}) => ({
      title: 'Bài <script>alert(1)</script> thử',
      sapo: 'Sapo',
      bodyHtml: '<p onclick="x()">Nội dung</p><script>alert(2)</script>',
      byline: 'An',
      categoryId: String(categoryId),
      tags: 'khoa học, công nghệ',
      allowComments: '1',
      ...over,
    });

    async function create(): Promise<number> {
      const res = await author.submit('/quan-tri/bai-viet/moi', '/quan-tri/bai-viet', form());
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      return Number(/\/quan-tri\/bai-viet\/(\d+)$/.exec(res.headers.location as string)![1]);
    }

    test('only staff get in; pages are never cached', async () => {
      const guest = await new Client(t.app).get('/quan-tri');
      assert.equal(guest.statusCode, 303);
      assert.match(guest.headers.location as string, /^\/dang-nhap\?tiep=%2Fquan-tri/);
      const reader = (await signedIn(t, 'reader', 'Bạn đọc')).client;
      assert.equal((await reader.get('/quan-tri')).statusCode, 403);
      const dash = await author.get('/quan-tri');
      assert.equal(dash.statusCode, 200);
      assert.equal(dash.headers['cache-control'], 'no-store');
      assert.match(dash.body, /<h1 class="page-title">Bàn làm việc<\/h1>/);
      assert.ok(!dash.body.includes('chờ duyệt'), 'comment moderation is for editors');
      // The way to the comments says "chờ duyệt" only when some wait.
      const editorDash = (await editor.get('/quan-tri')).body;
      assert.match(editorDash, /<a class="button" href="\/quan-tri\/y-kien">Ý kiến bạn đọc<\/a>/);
      assert.ok(!editorDash.includes('chờ duyệt'), 'nothing waits yet');
      assert.equal((await editor.get('/quan-tri/nhat-ky')).statusCode, 403, 'the audit log is for admins');
      assert.equal((await admin.get('/quan-tri/nhat-ky')).statusCode, 200);
    });

    test('writing through the form: saved sanitised, shown escaped, CSRF required', async () => {
      const id = await create();
      const page = await author.get(`/quan-tri/bai-viet/${id}`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('value="Bài &lt;script&gt;alert(1)&lt;/script&gt; thử"'));
      assert.ok(!page.body.includes('<script>alert'), 'nothing typed becomes markup');
      assert.ok(page.body.includes('&lt;p&gt;Nội dung&lt;/p&gt;</textarea>'), 'the stored body is sanitised');
      assert.match(page.body, /<script src="\/assets\/editor\.[0-9a-f]{12}\.js" defer><\/script>/);

      const noToken = await author.post(`/quan-tri/bai-viet/${id}`, form({ version: '1' }));
      assert.equal(noToken.statusCode, 403);
      const list = await editor.get('/quan-tri/bai-viet');
      assert.ok(list.body.includes('Bài &lt;script&gt;alert(1)&lt;/script&gt; thử'));
    });

    test('autosave answers JSON; a stale version is a 409 with a Vietnamese message, and a refused form keeps the text', async () => {
      const id = await create();
      const token = csrfFrom((await author.get(`/quan-tri/bai-viet/${id}`)).body);
      const json = { accept: 'application/json' };
      const first = await author.post(
        `/quan-tri/bai-viet/${id}/tu-dong-luu`,
        { ...form({ version: '1', title: 'Lần một' }), _csrf: token },
        json,
      );
      assert.equal(first.statusCode, 200);
      assert.equal(first.json().version, 2);
      const stale = await editor.post(
        `/quan-tri/bai-viet/${id}/tu-dong-luu`,
        {
          ...form({ version: '1', title: 'Lần hai' }),
          _csrf: csrfFrom((await editor.get(`/quan-tri/bai-viet/${id}`)).body),
        },
        json,
      );
      assert.equal(stale.statusCode, 409);
      assert.match(stale.json().error.message, /người khác lưu/);

      const refused = await author.post(`/quan-tri/bai-viet/${id}`, {
        ...form({ version: '2', title: '', sapo: 'Sapo tôi vừa gõ' }),
        _csrf: token,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /role="alert">Tiêu đề không được để trống\./);
      assert.ok(refused.body.includes('Sapo tôi vừa gõ</textarea>'));
    });

    test('workflow buttons post through the service: return needs a note, the note reaches the author', async () => {
      const id = await create();
      assert.equal(
        (await author.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/gui`, { version: '1' })).statusCode,
        303,
      );
      const noNote = await editor.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/tra-lai`, {
        version: '2',
        note: '',
      });
      assert.equal(noNote.statusCode, 400);
      assert.match(noNote.body, /Hãy ghi lý do trả lại/);
      assert.equal(
        (
          await editor.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/tra-lai`, {
            version: '2',
            note: 'Thiếu nguồn <tin>.',
          })
        ).statusCode,
        303,
      );
      const back = await author.get(`/quan-tri/bai-viet/${id}`);
      assert.match(back.body, /<div class="review-note" role="note">.*Thiếu nguồn &lt;tin&gt;\./s);
      // An author cannot publish, whatever the form says.
      const sneaky = await author.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/xuat-ban`, {
        version: '3',
      });
      assert.equal(sneaky.statusCode, 403);
      const preview = await author.get(`/quan-tri/bai-viet/${id}/xem-truoc`);
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /<meta name="robots" content="noindex">/);
    });

    test('the edit page frames the live preview; only the preview may be framed, and only by our own pages', async () => {
      const id = await create();
      const edit = await author.get(`/quan-tri/bai-viet/${id}`);
      assert.match(
        edit.body,
        new RegExp(
          `<details class="live-preview"[^>]*>\\s*<summary>Xem trước trực tiếp</summary>\\s*<iframe src="/quan-tri/bai-viet/${id}/xem-truoc" title="[^"]+" sandbox="allow-same-origin"`,
        ),
      );
      assert.match(edit.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
      assert.equal(edit.headers['x-frame-options'], 'DENY');
      const preview = await author.get(`/quan-tri/bai-viet/${id}/xem-truoc`);
      assert.equal(preview.statusCode, 200);
      const csp = preview.headers['content-security-policy'] as string;
      assert.match(csp, /frame-ancestors 'self'/);
      assert.match(csp, /script-src 'self'/, 'the rest of the policy is unchanged');
      assert.equal(preview.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(preview.headers['cache-control'], 'no-store');
      // The public article page and the home page keep refusing every frame.
      for (const url of ['/', '/quan-tri']) {
        const res = await author.get(url);
        assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none'/, url);
        assert.equal(res.headers['x-frame-options'], 'DENY', url);
      }
      // Someone who may not see the draft gets no preview to frame either.
      const other = (await signedIn(t, 'author', 'Phóng viên Khác')).client;
      assert.equal((await other.get(`/quan-tri/bai-viet/${id}/xem-truoc`)).statusCode, 403);
    });

    test('the revisions page shows which other fields changed, escaped', async () => {
      const id = await create();
      const token = csrfFrom((await author.get(`/quan-tri/bai-viet/${id}`)).body);
      assert.equal(
        (
          await author.post(`/quan-tri/bai-viet/${id}`, {
            ...form({ version: '1', byline: 'Bút <danh> mới', allowComments: '' }),
            _csrf: token,
          })
        ).statusCode,
        303,
      );
      const list = (await author.get(`/quan-tri/bai-viet/${id}/phien-ban`)).body;
      const [to, from] = [...list.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
      const page = (await author.get(`/quan-tri/bai-viet/${id}/phien-ban?tu=${from}&den=${to}`)).body;
      assert.match(
        page,
        /<h3>Bút danh<\/h3><div class="diff"><del><span class="visually-hidden">\[Bỏ\] <\/span>An<\/del><ins><span class="visually-hidden">\[Thêm\] <\/span>Bút &lt;danh&gt; mới<\/ins><\/div>/,
      );
      assert.match(page, /<h3>Cho phép ý kiến bạn đọc<\/h3>/);
      assert.ok(!page.includes('<h3>Chuyên mục</h3>'), 'unchanged fields are not listed');
    });

    test('uploads by HTTP: a photo comes back as a figure, a PHP file named .jpg is refused in Vietnamese', async () => {
      const token = csrfFrom((await author.get('/quan-tri/thu-vien')).body);
      const upload = (name: string, data: Buffer) =>
        t.app.inject({
          method: 'POST',
          url: `/quan-tri/thu-vien?ten=${encodeURIComponent(name)}`,
          payload: data,
          headers: {
            'content-type': 'application/octet-stream',
            accept: 'application/json',
            'x-csrf-token': token,
            origin: ORIGIN,
            cookie: [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        });
      const php = await upload('anh.jpg', Buffer.from('<?php echo 1; ?>'));
      assert.equal(php.statusCode, 415);
      assert.match(php.json().error.message, /Định dạng tệp không được hỗ trợ/);
      const jpeg = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer();
      const ok = await upload('hội thảo.jpg', jpeg);
      assert.equal(ok.statusCode, 201);
      assert.match(
        ok.json().figureHtml,
        /^<figure><img src="\/media\/[0-9a-f]{24}\.jpg" srcset="\/media\/[0-9a-f]{24}-480\.webp 480w, \/media\/[0-9a-f]{24}-640\.webp 640w"/,
      );
      const library = await author.get('/quan-tri/thu-vien');
      assert.ok(library.body.includes('hội thảo.jpg'));
    });
    test('categories: an admin creates, renames (the old address redirects), nests one level only', async () => {
      const create = await admin.submit('/quan-tri/chuyen-muc', '/quan-tri/chuyen-muc', {
        name: 'Giáo dục',
        slug: '',
        position: '',
        inMenu: '1',
      });
      assert.equal(create.statusCode, 303);
      const tree = await t.site.categories();
      const edu = tree.getBySlug('giao-duc')!;
      assert.equal(edu.in_menu, 1);
      const child = await admin.submit('/quan-tri/chuyen-muc', '/quan-tri/chuyen-muc', {
        name: 'Tuyển sinh',
        parentId: String(edu.id),
      });
      assert.equal(child.statusCode, 303);
      const childId = (await t.site.categories()).getBySlug('tuyen-sinh')!.id;

      const rename = await admin.submit('/quan-tri/chuyen-muc', `/quan-tri/chuyen-muc/${edu.id}`, {
        name: 'Giáo dục - Đào tạo',
        slug: 'giao-duc-dao-tao',
        inMenu: '1',
      });
      assert.equal(rename.statusCode, 303);
      const old = await t.app.inject('/giao-duc?trang=1');
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/giao-duc-dao-tao');
      assert.equal((await t.app.inject('/giao-duc-dao-tao')).statusCode, 200);

      const tooDeep = await admin.submit('/quan-tri/chuyen-muc', '/quan-tri/chuyen-muc', {
        name: 'Cấp ba',
        parentId: String(childId),
      });
      assert.equal(tooDeep.statusCode, 400);
      assert.match(tooDeep.body, /Chỉ lồng được một cấp/);
      const reserved = await admin.submit('/quan-tri/chuyen-muc', '/quan-tri/chuyen-muc', {
        name: 'Quản trị',
        slug: 'quan-tri',
      });
      assert.equal(reserved.statusCode, 400);
      assert.equal((await editor.get('/quan-tri/chuyen-muc')).statusCode, 403);
    });
    test('users: an admin invites by mail, changes roles, locks; the last admin stays an admin', async () => {
      const invite = await admin.submit('/quan-tri/nguoi-dung', '/quan-tri/nguoi-dung', {
        email: 'moi@example.vn',
        displayName: 'Phóng viên Mới',
        role: 'author',
      });
      // POST → redirect → GET: the list says what happened, once; a reload repeats nothing.
      assert.equal(invite.statusCode, 303);
      assert.equal(invite.headers.location, '/quan-tri/nguoi-dung');
      assert.match((await admin.get('/quan-tri/nguoi-dung')).body, /Đã gửi thư mời tới moi@example\.vn/);
      assert.doesNotMatch((await admin.get('/quan-tri/nguoi-dung')).body, /Đã gửi thư mời/);
      const mail = mails.find((x) => x.to === 'moi@example.vn');
      assert.ok(mail, 'an invitation was sent');
      assert.match(mail.text, /\/dat-lai-mat-khau\/[A-Za-z0-9_-]+/);

      const demoteSelf = await admin.submit('/quan-tri/nguoi-dung', `/quan-tri/nguoi-dung/${adminId}/vai-tro`, {
        role: 'editor',
        confirmed: '1',
      });
      assert.equal(demoteSelf.statusCode, 400);
      assert.match(demoteSelf.body, /quản trị viên cuối cùng/);
      const lockSelf = await admin.submit('/quan-tri/nguoi-dung', `/quan-tri/nguoi-dung/${adminId}/khoa`, {
        disabled: '1',
        confirmed: '1',
      });
      assert.equal(lockSelf.statusCode, 400);

      const victim = await signedIn(t, 'author', 'Sẽ bị khóa');
      assert.equal((await victim.client.get('/quan-tri')).statusCode, 200);
      assert.equal(
        (
          await admin.submit('/quan-tri/nguoi-dung', `/quan-tri/nguoi-dung/${victim.id}/vai-tro`, {
            role: 'editor',
            confirmed: '1',
          })
        ).statusCode,
        303,
      );
      assert.match((await victim.client.get('/quan-tri')).body, /Chờ tôi biên tập/, 'the new role applies at once');
      assert.equal(
        (
          await admin.submit('/quan-tri/nguoi-dung', `/quan-tri/nguoi-dung/${victim.id}/khoa`, {
            disabled: '1',
            confirmed: '1',
          })
        ).statusCode,
        303,
      );
      assert.equal((await victim.client.get('/quan-tri')).statusCode, 303, 'a locked user is signed out');
      assert.equal((await editor.get('/quan-tri/nguoi-dung')).statusCode, 403);
      const log = await admin.get('/quan-tri/nhat-ky');
      assert.match(
        log.body,
        /Quản trị viên Quản trị Dũng đã đổi vai trò của tài khoản [^<:]* từ Phóng viên thành Biên tập viên\./,
      );
      assert.match(
        log.body,
        /Quản trị viên Quản trị Dũng đã khóa tài khoản [^<:]*; mọi phiên đăng nhập của tài khoản đã kết thúc\./,
      );
      assert.doesNotMatch(log.body, /user\.role_change|user\.disable/);
      assert.equal(
        (await admin.submit('/quan-tri/nguoi-dung', `/quan-tri/nguoi-dung/${victim.id}/khoa`, { disabled: '0' }))
          .statusCode,
        303,
      );
      assert.match((await admin.get('/quan-tri/nhat-ky')).body, /đã mở khóa tài khoản [^<:]*\./);
      // They are authentication events too, beside the victim's logins, with who did it and nothing secret.
      const events = await t.database.handle.kysely
        .selectFrom('auth_events')
        .select(['event', 'detail', 'ip'])
        .where('user_id', '=', victim.id)
        .where('event', '!=', 'login')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((e) => [e.event, e.detail]),
        [
          ['user_created', 'role=author'],
          ['role_changed', `from=author to=editor by=${adminId}`],
          ['account_disabled', `by=${adminId}`],
          ['account_enabled', `by=${adminId}`],
        ],
      );
      assert.ok(
        events.slice(1).every((e) => e.ip === '127.0.0.1'),
        'the admin’s address is recorded',
      );
      const refused = await t.database.handle.kysely
        .selectFrom('auth_events')
        .select('event')
        .where('user_id', '=', adminId)
        .where('event', '=', 'role_changed')
        .execute();
      assert.deepEqual(refused, [], 'a refused change (the last admin) is not logged as done');
    });
    test('site settings: the footer shows address, phone, responsible person and licence; only admins change them', async () => {
      const res = await admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', {
        name: 'Sở KH&CN tỉnh Thử Nghiệm',
        description: 'Cổng thông tin điện tử',
        address: '12 Đường <Trần Phú>',
        phone: '0203 3812 345',
        responsible: 'Ông Nguyễn Văn A, Giám đốc',
        licence: 'Giấy phép số 12/GP-TTĐT do Sở TT&TT cấp ngày 01/01/2024',
      });
      await afterAction(admin, res, '/quan-tri/cai-dat', 'Đã lưu cài đặt.');
      const home = await t.app.inject('/');
      assert.match(home.body, /<p class="footer-name">Sở KH&amp;CN tỉnh Thử Nghiệm<\/p>/);
      assert.match(
        home.body,
        /<p>Địa chỉ: 12 Đường &lt;Trần Phú&gt;<\/p>\s*<p>Điện thoại: 0203 3812 345<\/p>\s*<p>Chịu trách nhiệm nội dung: Ông Nguyễn Văn A, Giám đốc<\/p>\s*<p>Giấy phép số 12\/GP-TTĐT/,
      );
      const empty = await admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', { name: ' ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Tên trang không được để trống/);
      assert.equal((await editor.get('/quan-tri/cai-dat')).statusCode, 403);
    });
    test('publishing puts an article in search, unpublishing takes it out', async () => {
      const res = await author.submit(
        '/quan-tri/bai-viet/moi',
        '/quan-tri/bai-viet',
        form({ title: 'Kỳ lân xanh ở Quảng Trị', bodyHtml: '<p>Chuyện kỳ lân.</p>' }),
      );
      const id = Number(/(\d+)$/.exec(res.headers.location as string)![1]);
      // Results link to the article; the title itself comes back with the match highlighted.
      const found = async () => (await t.app.inject('/tim-kiem?q=k%E1%BB%B3%20l%C3%A2n')).body.includes(`-${id}.html"`);
      assert.equal(await found(), false, 'a draft is not searchable');
      assert.equal(
        (await editor.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/xuat-ban`, { version: '1' }))
          .statusCode,
        303,
      );
      assert.equal(await found(), true);
      assert.equal(
        (await editor.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/go`, { version: '2' })).statusCode,
        303,
      );
      assert.equal(await found(), false);
    });
    test('deleting a published article takes it out of search and out of the index', async () => {
      const res = await author.submit(
        '/quan-tri/bai-viet/moi',
        '/quan-tri/bai-viet',
        form({ title: 'Phượng hoàng lửa ở Hà Giang', bodyHtml: '<p>Chuyện phượng hoàng.</p>' }),
      );
      const id = Number(/(\d+)$/.exec(res.headers.location as string)![1]);
      assert.equal(
        (await editor.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/xuat-ban`, { version: '1' }))
          .statusCode,
        303,
      );
      const total = async () => (await t.app.inject('/api/v1/search?q=phuong%20hoang%20lua')).json().total as number;
      assert.equal(await total(), 1);
      assert.equal(
        (
          await editor.submit(`/quan-tri/bai-viet/${id}`, `/quan-tri/bai-viet/${id}/xoa`, {
            version: '2',
            confirmed: '1',
          })
        ).statusCode,
        303,
      );
      assert.equal(await total(), 0);
      // Not only hidden by the join with articles: the index entry itself is gone, so it cannot take a place in a window.
      const entries =
        dialect === 'sqlite'
          ? await sql<{ n: number }>`select count(*) as n from search_fts where rowid = ${id}`.execute(t.site.db.kysely)
          : await sql<{ n: number }>`select count(*) as n from search_documents where article_id = ${id}`.execute(
              t.site.db.kysely,
            );
      assert.equal(Number(entries.rows[0]!.n), 0);
    });
  });
}

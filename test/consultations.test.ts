import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import { insertComment } from '../src/comments/comments.repo.js';
import { commentDeps } from '../src/comments/comments.service.js';
import { moderateComments } from '../src/comments/moderation.service.js';
import { createWebhook } from '../src/webhooks/webhooks.service.js';
import { consultationPhase, vnToday } from '../src/documents/consultation.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
} from '../src/documents/documents.service.js';
import { backends } from './support/databases.js';
import { afterAction, afterComment, Client, commentNoticeIn, csrfFrom, ORIGIN } from './support/client.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A day `n` days from `day` (yyyy-mm-dd). */
function plusDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const shown = (day: string) => day.split('-').reverse().join('/');

describe('the consultation calendar', () => {
  test('a consultation takes góp ý through the whole closing day in Vietnam, and only while a draft', () => {
    const days = { opens_on: '2026-12-01', closes_on: '2026-12-05' };
    const draft = { status: 'du_thao' } as const;
    // 23:59:59 on 05/12 in Hà Nội is 16:59:59 UTC; one second later it is 06/12 there.
    assert.equal(consultationPhase(days, draft, new Date('2026-12-05T16:59:59Z')), 'open');
    assert.equal(consultationPhase(days, draft, new Date('2026-12-05T17:00:00Z')), 'after');
    // 00:00 on 01/12 there is 17:00 on 30/11 UTC.
    assert.equal(consultationPhase(days, draft, new Date('2026-11-30T16:59:59Z')), 'before');
    assert.equal(consultationPhase(days, draft, new Date('2026-11-30T17:00:00Z')), 'open');
    assert.equal(consultationPhase(days, { status: 'con_hieu_luc' }, new Date('2026-12-03T00:00:00Z')), 'after');
    assert.equal(consultationPhase({ opens_on: null, closes_on: '2026-12-05' }, draft, new Date(0)), 'open');
  });
});

for (const dialect of backends()) {
  describe(`public consultation on drafts on ${dialect}`, () => {
    let t: TestApp;
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    // The comment form refuses a post sent sooner than a person could type it.
    const typing = () => (offset += 5000);
    let editor: { id: number; client: Client };
    let author: { id: number; client: Client };
    let editorActor: Actor;
    let today: string;

    before(async () => {
      t = await createTestApp(dialect, { now });
      editor = await signedIn(t, 'editor', 'Biên tập viên');
      author = await signedIn(t, 'author', 'Phóng viên');
      editorActor = { id: editor.id, role: 'editor', displayName: 'Biên tập viên' };
      await ensureDocumentTypes(documentDeps(t.site));
      today = vnToday(now());
    });
    after(() => t.close());

    async function draft(code: string, status = 'du_thao') {
      const types = await listDocumentTypes(documentDeps(t.site));
      const saved = await createDocument(
        documentDeps(t.site),
        editorActor,
        {
          code,
          typeId: types.find((x) => x.name === 'Quyết định')!.id,
          issuer: 'UBND tỉnh',
          issuedOn: today,
          summary: `Dự thảo quyết định ${code} về quản lý cổng thông tin điện tử`,
          status,
        },
        { publish: true, files: [] },
      );
      return { id: saved.id, url: `/van-ban/${saved.slug}` };
    }

    const setDays = (client: Client, id: number, days: { opensOn?: string; closesOn: string }) =>
      client.submit(`/quan-tri/van-ban/${id}`, `/quan-tri/van-ban/${id}/lay-y-kien`, {
        opensOn: days.opensOn ?? '',
        closesOn: days.closesOn,
      });

    /** Sends a góp ý as the page's form would; a page without one (closed) lends the token of the sign-in form. */
    async function postGopY(guest: Client, pageUrl: string, documentId: number, body: string) {
      const page = await guest.get(pageUrl);
      const token = page.body.includes('id="gui-y-kien"')
        ? csrfFrom(page.body)
        : csrfFrom((await guest.get('/dang-nhap')).body);
      typing();
      return guest.post('/y-kien', {
        _csrf: token,
        documentId: String(documentId),
        name: 'Trần Thị Góp Ý',
        email: 'gopy@example.vn',
        body,
      });
    }

    const commentCount = async (documentId: number) =>
      Number(
        (
          await t.database.handle.kysely
            .selectFrom('comments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('document_id', '=', documentId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('only editors open drafts, with a closing day not before the opening day; each change is audited', async () => {
      const doc = await draft('01/QĐ-DT1');
      const byAuthor = await setDays(author.client, doc.id, { closesOn: plusDays(today, 10) });
      assert.equal(byAuthor.statusCode, 403);
      const law = await draft('02/QĐ-DT1', 'con_hieu_luc');
      const notDraft = await setDays(editor.client, law.id, { closesOn: plusDays(today, 10) });
      assert.equal(notDraft.statusCode, 400);
      assert.match(notDraft.body, /Chỉ văn bản ở tình trạng &quot;Dự thảo&quot; mới lấy ý kiến được/);
      const backwards = await setDays(editor.client, doc.id, {
        opensOn: plusDays(today, 5),
        closesOn: plusDays(today, 2),
      });
      assert.equal(backwards.statusCode, 400);
      assert.match(backwards.body, /Hạn cuối phải từ ngày bắt đầu trở đi/);
      assert.match(backwards.body, new RegExp(`value="${plusDays(today, 5)}"`), 'the refused days come back');
      const missing = await setDays(editor.client, doc.id, { closesOn: '31/02/2026' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Ngày không hợp lệ/);
      assert.equal(
        await t.database.handle.kysely
          .selectFrom('consultations')
          .selectAll()
          .execute()
          .then((r) => r.length),
        0,
      );

      const ok = await setDays(editor.client, doc.id, { closesOn: plusDays(today, 10) });
      await afterAction(editor.client, ok, `/quan-tri/van-ban/${doc.id}`, 'Đã lưu thời gian lấy ý kiến.');
      const audit = await t.database.handle.kysely
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('entity_type', '=', 'document')
        .where('entity_id', '=', doc.id)
        .where('action', '=', 'document.consultation')
        .execute();
      assert.deepEqual(audit, [
        { action: 'document.consultation', detail: `01/QĐ-DT1 (${shown(plusDays(today, 10))})` },
      ]);
    });

    test('a guest’s góp ý waits in the queue beside its document; approved, it shows under the draft', async () => {
      const doc = await draft('03/QĐ-DT1');
      await setDays(editor.client, doc.id, { closesOn: plusDays(today, 7) });
      const guest = new Client(t.app, {}, '10.9.0.1');
      const page = await guest.get(doc.url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`Đến hết ${shown(plusDays(today, 7))}`));
      assert.match(page.body, new RegExp(`<input type="hidden" name="documentId" value="${doc.id}">`));
      assert.match(page.body, /Gửi góp ý của bạn/);

      const text = 'Đề nghị bổ sung quy định về thời hạn trả lời góp ý của người dân.';
      const posted = await postGopY(guest, doc.url, doc.id, text);
      // Back to the draft, which says the góp ý waits, above an empty form.
      const mine = await afterComment(guest, posted, doc.url);
      assert.match(commentNoticeIn(mine.body) ?? '', /đang chờ duyệt/);
      assert.match(mine.body, /<textarea id="f-body" name="body"[^>]*><\/textarea>/);
      assert.match(mine.body, /own-comments[\s\S]*Đề nghị bổ sung/, 'the guest sees their own góp ý waiting');
      assert.equal(
        (await new Client(t.app).get(doc.url)).body.includes(text),
        false,
        'nobody else sees it before approval',
      );

      const queue = await editor.client.get('/quan-tri/y-kien');
      const item = new RegExp(`Góp ý dự thảo: <a href="${doc.url}">03/QĐ-DT1</a>[\\s\\S]*?${text}`);
      assert.match(queue.body, item);
      const onlyThis = await editor.client.get(`/quan-tri/y-kien?van-ban=${doc.id}`);
      assert.match(onlyThis.body, item);
      assert.doesNotMatch(
        (await editor.client.get(`/quan-tri/y-kien?van-ban=${doc.id + 1000}`)).body,
        /Đề nghị bổ sung/,
      );
      const id = (
        await t.database.handle.kysely
          .selectFrom('comments')
          .select('id')
          .where('document_id', '=', doc.id)
          .executeTakeFirstOrThrow()
      ).id;
      const approved = await editor.client.submit('/quan-tri/y-kien', '/quan-tri/y-kien', {
        action: `approve:${id}`,
      });
      assert.equal(approved.statusCode, 303, 'POST → redirect → GET, as for comments on articles');
      const reply = await editor.client.submit(`/quan-tri/y-kien/${id}`, `/quan-tri/y-kien/${id}/tra-loi`, {
        body: 'Ban soạn thảo xin tiếp thu và sẽ bổ sung vào Điều 5.',
      });
      assert.equal(reply.statusCode, 303);

      const shownPage = await new Client(t.app).get(doc.url);
      // Counted as under articles: the góp ý and the reply to it.
      assert.match(shownPage.body, /Góp ý dự thảo \(2\)/);
      assert.match(shownPage.body, new RegExp(`<div class="comment-body"><p>${text}</p></div>`));
      assert.match(shownPage.body, /class="comment official"[\s\S]*Ban soạn thảo xin tiếp thu/);
      const counts = await t.database.handle.kysely
        .selectFrom('consultations')
        .select(['comment_count', 'top_comment_count'])
        .where('document_id', '=', doc.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(counts, { comment_count: 2, top_comment_count: 1 });
    });

    test('after the closing day the form gives way to a notice, and a form sent again is refused', async () => {
      const doc = await draft('04/QĐ-DT1');
      await setDays(editor.client, doc.id, { closesOn: plusDays(today, 3) });
      const guest = new Client(t.app, {}, '10.9.0.2');
      const open = await guest.get(doc.url);
      const token = csrfFrom(open.body);
      // Staff end it early: a closing day in the past.
      const yesterday = plusDays(today, -1);
      assert.equal((await setDays(editor.client, doc.id, { closesOn: yesterday })).statusCode, 303);
      typing();
      const before = await commentCount(doc.id);
      const replayed = await guest.post('/y-kien', {
        _csrf: token,
        documentId: String(doc.id),
        name: 'Khách đến muộn',
        email: 'muon@example.vn',
        body: 'Góp ý gửi sau khi đã hết hạn lấy ý kiến.',
      });
      assert.equal(replayed.statusCode, 400);
      assert.match(replayed.body, new RegExp(`Đã hết thời gian lấy ý kiến \\(hạn cuối ${shown(yesterday)}\\)`));
      assert.doesNotMatch(replayed.body, /id="gui-y-kien"/, 'no form to send it again');
      assert.equal(await commentCount(doc.id), before, 'nothing written');
      const closed = await guest.get(doc.url);
      assert.match(closed.body, new RegExp(`Đã hết thời gian lấy ý kiến \\(hạn cuối ${shown(yesterday)}\\)`));
      assert.doesNotMatch(closed.body, /name="documentId"/);

      // Sent at once, faster than a person types: still told that the consultation is over, not that it was too fast.
      const hurried = await guest.post('/y-kien', {
        _csrf: csrfFrom((await guest.get('/dang-nhap')).body),
        documentId: String(doc.id),
        name: 'Khách vội',
        email: 'voi@example.vn',
        body: 'Góp ý gửi ngay sau khi hết hạn.',
      });
      assert.equal(hurried.statusCode, 400);
      assert.match(hurried.body, new RegExp(`Đã hết thời gian lấy ý kiến \\(hạn cuối ${shown(yesterday)}\\)`));
      assert.doesNotMatch(hurried.body, /Bạn gửi hơi nhanh/);

      // Not open yet: the same refusal, with the opening day.
      const later = await draft('05/QĐ-DT1');
      await setDays(editor.client, later.id, { opensOn: plusDays(today, 2), closesOn: plusDays(today, 9) });
      const early = await postGopY(new Client(t.app, {}, '10.9.0.3'), later.url, later.id, 'Góp ý gửi quá sớm.');
      assert.equal(early.statusCode, 400);
      assert.match(early.body, new RegExp(`bắt đầu lấy ý kiến từ ngày ${shown(plusDays(today, 2))}`));
      // A document without a consultation takes no góp ý at all.
      const plain = await draft('06/QĐ-DT1');
      const none = await postGopY(new Client(t.app, {}, '10.9.0.4'), plain.url, plain.id, 'Góp ý không nơi nhận.');
      assert.equal(none.statusCode, 404);
      assert.doesNotMatch((await new Client(t.app).get(plain.url)).body, /Góp ý dự thảo/);
    });

    test('a comment is on exactly one article or document', async () => {
      const doc = await draft('07/QĐ-DT1');
      const row = {
        parent_id: null,
        user_id: null,
        author_name: 'Ai đó',
        author_email: null,
        body: 'Không thuộc về đâu cả.',
        status: 'pending' as const,
        is_official: 0,
        ip: '',
        content_hash: 'x',
      };
      await assert.rejects(insertComment(t.database.handle.kysely, { ...row, article_id: null }, now().toISOString()));
      const id = await insertComment(
        t.database.handle.kysely,
        { ...row, article_id: null, document_id: doc.id },
        now().toISOString(),
      );
      assert.ok(id > 0);
    });

    test('a published góp ý is announced to webhooks with its document, unless only some roles may read the draft', async () => {
      const db = t.database.handle.kysely;
      const admin = { id: editor.id, role: 'admin' as const, displayName: 'Quản trị' };
      const hook = await createWebhook({ db: t.site.db, now, allowPrivate: true }, admin, {
        url: 'http://127.0.0.1:9/nhan',
        events: ['comment.published'],
      });
      const open = await draft('12/QĐ-DT1');
      const types = await listDocumentTypes(documentDeps(t.site));
      const restricted = await createDocument(
        documentDeps(t.site),
        editorActor,
        {
          code: '13/QĐ-DT1',
          typeId: types[0]!.id,
          issuer: 'UBND tỉnh',
          issuedOn: today,
          summary: 'Dự thảo nội bộ',
          status: 'du_thao',
          visibleRoles: ['reader'],
        },
        { publish: true, files: [] },
      );
      const ids: number[] = [];
      for (const documentId of [open.id, restricted.id]) {
        await setDays(editor.client, documentId, { closesOn: plusDays(today, 5) });
        ids.push(
          await insertComment(
            db,
            {
              article_id: null,
              document_id: documentId,
              parent_id: null,
              user_id: null,
              author_name: 'Bạn đọc',
              author_email: 'bandoc@example.vn',
              body: `Góp ý cho văn bản số ${documentId}.`,
              status: 'pending',
              is_official: 0,
              ip: '203.0.113.9',
              content_hash: 'h',
            },
            now().toISOString(),
          ),
        );
      }
      await moderateComments(commentDeps(t.site), editorActor, ids, 'approve');
      const sent = await db.selectFrom('webhook_deliveries').select('payload').where('webhook_id', '=', hook).execute();
      assert.equal(sent.length, 1);
      const data = (JSON.parse(sent[0]!.payload) as { data: Record<string, unknown> }).data;
      assert.equal(data.documentId, open.id);
      assert.equal(data.articleId, null);
      assert.ok(!sent[0]!.payload.includes('bandoc@example.vn') && !sent[0]!.payload.includes('203.0.113.9'));
    });

    test('the report on the góp ý shows once published, with its file', async () => {
      const doc = await draft('08/QĐ-DT1');
      await setDays(editor.client, doc.id, { closesOn: plusDays(today, -1) });
      const send = async (client: Client, fields: [string, string][], file?: Buffer) => {
        const form = new FormData();
        form.append('_csrf', csrfFrom((await client.get(`/quan-tri/van-ban/${doc.id}`)).body));
        for (const [k, v] of fields) form.append(k, v);
        if (file) form.append('file', new Blob([new Uint8Array(file)]), 'bao-cao-tiep-thu.pdf');
        const encoded = new Response(form);
        return client.remember(
          await t.app.inject({
            method: 'POST',
            url: `/quan-tri/van-ban/${doc.id}/bao-cao-tiep-thu`,
            payload: Buffer.from(await encoded.arrayBuffer()),
            headers: {
              'content-type': encoded.headers.get('content-type')!,
              origin: ORIGIN,
              cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            },
          }),
        );
      };
      const report = 'Đã nhận 12 góp ý; tiếp thu 9 góp ý.\n\nBa góp ý không tiếp thu vì trái với luật.';
      assert.equal((await send(author.client, [['report', report]])).statusCode, 403);
      const empty = await send(editor.client, [
        ['report', ' '],
        ['publish', '1'],
      ]);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Hãy viết nội dung báo cáo trước khi công bố/);

      const held = await send(editor.client, [['report', report]], PDF);
      await afterAction(editor.client, held, `/quan-tri/van-ban/${doc.id}`, 'Đã lưu báo cáo tiếp thu, giải trình.');
      const fileId = (
        await t.database.handle.kysely
          .selectFrom('consultations')
          .select('report_file_id')
          .where('document_id', '=', doc.id)
          .executeTakeFirstOrThrow()
      ).report_file_id!;
      const guest = new Client(t.app);
      assert.doesNotMatch((await guest.get(doc.url)).body, /Báo cáo tiếp thu/);
      assert.equal((await guest.get(`${doc.url}/tep/${fileId}`)).statusCode, 404, 'its file waits too');

      assert.equal(
        (
          await send(editor.client, [
            ['report', report],
            ['publish', '1'],
          ])
        ).statusCode,
        303,
      );
      const page = (await guest.get(doc.url)).body;
      assert.match(page, /<h3 id="vb-bao-cao">Báo cáo tiếp thu, giải trình ý kiến góp ý<\/h3>/);
      assert.match(
        page,
        /<p>Đã nhận 12 góp ý; tiếp thu 9 góp ý.<\/p>\s*<p>Ba góp ý không tiếp thu vì trái với luật.<\/p>/,
      );
      assert.match(page, new RegExp(`Tệp báo cáo: <a href="${doc.url}/tep/${fileId}"`));
      assert.equal((await guest.get(`${doc.url}/tep/${fileId}`)).statusCode, 200);
      assert.doesNotMatch(page.split('vb-lay-y-kien')[0]!, /bao-cao-tiep-thu\.pdf/, 'not twice among the files');
    });

    test('/van-ban/du-thao lists open consultations soonest closing first; ended ones have their own page', async () => {
      const soon = await draft('09/QĐ-DT1');
      const later = await draft('10/QĐ-DT1');
      const ended = await draft('11/QĐ-DT1');
      await setDays(editor.client, soon.id, { closesOn: plusDays(today, 1) });
      await setDays(editor.client, later.id, { closesOn: plusDays(today, 20) });
      await setDays(editor.client, ended.id, { closesOn: plusDays(today, -3) });
      const guest = new Client(t.app);
      const list = (await guest.get('/van-ban/du-thao')).body;
      assert.ok(list.indexOf('09/QĐ-DT1') > 0 && list.indexOf('09/QĐ-DT1') < list.indexOf('10/QĐ-DT1'));
      assert.match(list, new RegExp(`Đến hết ${shown(plusDays(today, 20))}`));
      assert.doesNotMatch(list, /11\/QĐ-DT1/);
      assert.match(list, /href="\/van-ban\/du-thao\/da-het-han"/);
      const past = (await guest.get('/van-ban/du-thao/da-het-han')).body;
      assert.match(past, /11\/QĐ-DT1/);
      assert.doesNotMatch(past, /10\/QĐ-DT1/);
      assert.match((await guest.get('/van-ban')).body, /<a href="\/van-ban\/du-thao">/);
      assert.equal((await guest.get('/van-ban/du-thao?trang=abc')).statusCode, 400);

      const home = (await guest.get('/')).body;
      const block = /<section class="side-block" aria-labelledby="kb-open-consultations">([\s\S]*?)<\/section>/.exec(
        home,
      )?.[1];
      assert.ok(block, 'the home page has the "Dự thảo lấy ý kiến" block');
      assert.match(block, /Dự thảo lấy ý kiến/);
      assert.match(block, new RegExp(`href="${soon.url}"[\\s\\S]*Đến hết ${shown(plusDays(today, 1))}`));
      assert.doesNotMatch(block, /11\/QĐ-DT1/);
    });
  });
}

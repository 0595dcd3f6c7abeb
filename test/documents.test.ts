import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import { resolveImportCategory } from '../src/categories/categories.service.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
  type DocumentDeps,
} from '../src/documents/documents.service.js';
import { importFile } from '../src/import/import-files.js';
import { backends } from './support/databases.js';
import { afterAction, csrfFrom, ORIGIN, type Client } from './support/client.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const FIXTURE = fileURLToPath(new URL('../../shared/fixtures/seed-article.txt', import.meta.url));
/** The smallest file that is a PDF by its bytes. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

async function typeId(t: TestApp, name: string): Promise<number> {
  await ensureDocumentTypes(documentDeps(t.site));
  const types = await listDocumentTypes(documentDeps(t.site));
  return types.find((type) => type.name === name)!.id;
}

function doc(fields: Record<string, unknown>) {
  return {
    issuer: 'Chính phủ',
    signer: 'Nguyễn Văn A',
    signerPosition: 'Thủ tướng',
    status: 'con_hieu_luc',
    field: 'Công nghệ thông tin',
    ...fields,
  };
}

/** Codes of the list's rows, in order. */
function listedCodes(html: string): string[] {
  const table = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr><td><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

async function multipart(
  client: Client,
  t: TestApp,
  url: string,
  fields: [string, string][],
  files: { name: string; data: Buffer }[],
) {
  const token = csrfFrom((await client.get('/quan-tri/van-ban/moi')).body);
  const form = new FormData();
  form.append('_csrf', token);
  for (const [k, v] of fields) form.append(k, v);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.data)]), f.name);
  const encoded = new Response(form);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return client.remember(
    await t.app.inject({
      method: 'POST',
      url,
      payload: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN, cookie },
    }),
  );
}

for (const dialect of backends()) {
  describe(`the văn bản library on ${dialect}`, () => {
    let t: TestApp;
    let deps: DocumentDeps;
    let editor: { id: number; client: Client };
    let author: { id: number; client: Client };
    let editorActor: Actor;

    before(async () => {
      t = await createTestApp(dialect);
      deps = documentDeps(t.site);
      editor = await signedIn(t, 'editor', 'Biên tập viên');
      author = await signedIn(t, 'author', 'Phóng viên');
      editorActor = { id: editor.id, role: 'editor', displayName: 'Biên tập viên' };
    });
    after(() => t.close());

    test('an author drafts with a PDF, may not publish; an editor publishes; the page shows it all', async () => {
      const fields: [string, string][] = [
        ['code', '26/2009/TT-BTTTT'],
        ['typeId', String(await typeId(t, 'Thông tư'))],
        ['issuer', 'Bộ Thông tin và Truyền thông'],
        ['signer', 'Lê Văn B'],
        ['signerPosition', 'Thứ trưởng'],
        ['issuedOn', '2009-07-31'],
        ['effectiveOn', '15/09/2009'],
        ['summary', 'Quy định về việc cung cấp thông tin và bảo đảm khả năng truy cập thuận tiện'],
        ['field', 'Công nghệ thông tin'],
        ['status', 'het_hieu_luc'],
        ['intent', 'publish'],
      ];
      const refused = await multipart(author.client, t, '/quan-tri/van-ban', fields, [
        { name: 'thông-tư.pdf', data: PDF },
      ]);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Chỉ biên tập viên và quản trị viên được đăng văn bản/);

      const draft = await multipart(
        author.client,
        t,
        '/quan-tri/van-ban',
        fields.map(([k, v]) => [k, k === 'intent' ? 'save' : v]),
        [{ name: 'thông-tư.pdf', data: PDF }],
      );
      assert.equal(draft.statusCode, 303, draft.body.slice(0, 500));
      const id = Number(/^\/quan-tri\/van-ban\/(\d+)$/.exec(String(draft.headers.location))![1]);
      await afterAction(author.client, draft, `/quan-tri/van-ban/${id}`, 'Đã lưu văn bản.');
      assert.equal((await t.app.inject('/van-ban/' + id)).statusCode, 404, 'a draft is not public');

      const published = await multipart(editor.client, t, `/quan-tri/van-ban/${id}`, fields, []);
      await afterAction(editor.client, published, `/quan-tri/van-ban/${id}`, 'Đã lưu văn bản.');
      const audit = await t.database.handle.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('entity_type', '=', 'document')
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['document.create', 'document.publish'],
      );

      const byId = await t.app.inject('/van-ban/' + id);
      assert.equal(byId.statusCode, 301);
      const page = await t.app.inject(String(byId.headers.location));
      assert.equal(page.statusCode, 200);
      for (const text of [
        '26/2009/TT-BTTTT',
        'Bộ Thông tin và Truyền thông',
        'Lê Văn B',
        'Thứ trưởng',
        '31/07/2009',
        '15/09/2009',
        'Hết hiệu lực',
        'Công nghệ thông tin',
      ])
        assert.ok(page.body.includes(text), text);
      const fileHref = /<a href="([^"]+\/tep\/\d+)" download/.exec(page.body)![1]!;
      assert.match(page.body, /<iframe class="document-preview" src="[^"]+\/tep\/\d+\?xem=1"/);
      const file = await t.app.inject(fileHref);
      assert.equal(file.statusCode, 200);
      assert.equal(file.headers['content-type'], 'application/pdf');
      assert.match(
        String(file.headers['content-disposition']),
        /^attachment; .*filename\*=UTF-8''th%C3%B4ng-t%C6%B0\.pdf$/,
      );
      assert.deepEqual(file.rawPayload, PDF);
      const inline = await t.app.inject(fileHref + '?xem=1');
      assert.match(String(inline.headers['content-disposition']), /^inline/);
      assert.equal(inline.headers['x-frame-options'], 'SAMEORIGIN');
    });

    test('an admin adds a document type: said once on the list, which keeps a clean address', async () => {
      const admin = await signedIn(t, 'admin', 'Quản trị viên');
      const res = await admin.client.submit('/quan-tri/van-ban', '/quan-tri/van-ban/loai', {
        name: 'Công văn hỏa tốc',
      });
      await afterAction(admin.client, res, '/quan-tri/van-ban', 'Đã thêm loại văn bản.');
      assert.match((await admin.client.get('/quan-tri/van-ban')).body, /Công văn hỏa tốc/);
    });

    test('a file that is not a document by its bytes is refused by name, and nothing is written', async () => {
      const before = await t.database.handle.kysely.selectFrom('documents').select('id').execute();
      const res = await multipart(
        editor.client,
        t,
        '/quan-tri/van-ban',
        [
          ['code', '99/KH-SKHCN'],
          ['typeId', String(await typeId(t, 'Kế hoạch'))],
          ['issuer', 'Sở Khoa học và Công nghệ'],
          ['issuedOn', '2024-03-01'],
          ['summary', 'Kế hoạch thử'],
          ['status', 'con_hieu_luc'],
          ['intent', 'publish'],
        ],
        [{ name: 'ke-hoach.pdf', data: Buffer.from('<?php echo 1; ?>') }],
      );
      assert.equal(res.statusCode, 415);
      assert.match(res.body, /Tệp &quot;ke-hoach.pdf&quot; không phải PDF, DOC, DOCX, XLSX hoặc ODT/);
      assert.match(res.body, /value="99\/KH-SKHCN"/, 'the form comes back as sent');
      const after = await t.database.handle.kysely.selectFrom('documents').select('id').execute();
      assert.equal(after.length, before.length);
    });

    test('a day that does not exist is refused in Vietnamese', async () => {
      await assert.rejects(
        createDocument(
          deps,
          editorActor,
          doc({ code: '1/2020/NĐ-CP', typeId: await typeId(t, 'Nghị định'), issuedOn: '31/02/2020', summary: 'x' }),
          {
            publish: true,
            files: [],
          },
        ),
        /Ngày không hợp lệ/,
      );
    });

    test('optional days left out are stored as no day (NULL), not as an empty string', async () => {
      const saved = await createDocument(
        deps,
        editorActor,
        doc({ code: '7/2021/TT-BKHCN', typeId: await typeId(t, 'Thông tư'), issuedOn: '01/03/2021', summary: 'x' }),
        { publish: true, files: [] },
      );
      const row = await t.database.handle.kysely
        .selectFrom('documents')
        .select(['effective_on', 'expires_on', 'issued_on'])
        .where('id', '=', saved.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { effective_on: null, expires_on: null, issued_on: '2021-03-01' });
    });

    describe('search and filters', () => {
      before(async () => {
        const nd = await typeId(t, 'Nghị định');
        const nq = await typeId(t, 'Nghị quyết');
        const add = (fields: Record<string, unknown>) =>
          createDocument(deps, editorActor, doc(fields), { publish: true, files: [] });
        await add({
          code: '42/2022/NĐ-CP',
          typeId: nd,
          issuedOn: '24/06/2022',
          summary:
            'Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng',
        });
        // Newer, and full of the same numbers and words: it must still come second.
        await add({
          code: '13/2023/NĐ-CP',
          typeId: nd,
          issuedOn: '17/04/2023',
          summary: 'Về bảo vệ dữ liệu cá nhân',
          fullText: 'Căn cứ Nghị định số 42/2022/NĐ-CP; năm 2022 có 42 cơ quan báo cáo.',
        });
        await add({
          code: '22-NQ/TW',
          typeId: nq,
          issuer: 'Ban Chấp hành Trung ương',
          issuedOn: '02/02/2008',
          summary: 'Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng',
          field: 'Xây dựng Đảng',
        });
        await add({
          code: '12-NQ/TW',
          typeId: nq,
          issuer: 'Ban Chấp hành Trung ương',
          issuedOn: '16/01/2012',
          summary: 'Một số vấn đề cấp bách về xây dựng Đảng; hội nghị có 22 đại biểu',
          field: 'Xây dựng Đảng',
          status: 'het_hieu_luc',
        });
        await add({
          code: '15/KH-SKHCN',
          typeId: await typeId(t, 'Kế hoạch'),
          issuer: 'Sở Khoa học và Công nghệ',
          issuedOn: '05/01/2024',
          summary: 'Kế hoạch chuyển đổi số năm 2024',
          field: 'Khoa học',
        });
      });

      const search = async (q: string) => {
        const res = await t.app.inject(`/van-ban?q=${encodeURIComponent(q).replace(/%20/g, '+')}`);
        assert.equal(res.statusCode, 200, res.body.slice(0, 300));
        return listedCodes(res.body);
      };

      for (const q of [
        'nghi dinh 42 2022',
        '42/2022',
        'nđ-cp 42',
        'Nghị định số 42/2022/NĐ-CP',
        '42 2022 ND CP',
        'nghị định 42',
      ]) {
        test(`"${q}" finds 42/2022/NĐ-CP first`, async () => {
          const codes = await search(q);
          assert.equal(codes[0], '42/2022/NĐ-CP', codes.join(', '));
        });
      }

      for (const [q, code] of [
        ['22 NQ TW', '22-NQ/TW'],
        ['nq 22', '22-NQ/TW'],
        ['15 KH SKHCN', '15/KH-SKHCN'],
        ['chuyen doi so', '15/KH-SKHCN'],
      ] as const) {
        test(`"${q}" finds ${code} first`, async () => {
          const codes = await search(q);
          assert.equal(codes[0], code, codes.join(', '));
        });
      }

      test('a code typed with spaces ranks the document with the code above one with the same numbers apart', async () => {
        assert.deepEqual(await search('22 NQ TW'), ['22-NQ/TW', '12-NQ/TW']);
      });

      test('the list is newest first, and filters work as plain GET parameters', async () => {
        const all = listedCodes((await t.app.inject('/van-ban')).body);
        assert.deepEqual(all.slice(0, 3), ['15/KH-SKHCN', '13/2023/NĐ-CP', '42/2022/NĐ-CP']);
        const nq = await typeId(t, 'Nghị quyết');
        assert.deepEqual(listedCodes((await t.app.inject(`/van-ban?loai=${nq}`)).body), ['12-NQ/TW', '22-NQ/TW']);
        assert.deepEqual(listedCodes((await t.app.inject('/van-ban?nam=2022')).body), ['42/2022/NĐ-CP']);
        assert.deepEqual(listedCodes((await t.app.inject('/van-ban?loai=&tinh-trang=het-hieu-luc&nam=2012')).body), [
          '12-NQ/TW',
        ]);
        const issuer = encodeURIComponent('Sở Khoa học và Công nghệ');
        assert.deepEqual(listedCodes((await t.app.inject(`/van-ban?co-quan=${issuer}`)).body), ['15/KH-SKHCN']);
        assert.deepEqual(
          listedCodes((await t.app.inject(`/van-ban?linh-vuc=${encodeURIComponent('Xây dựng Đảng')}&q=nq`)).body),
          ['12-NQ/TW', '22-NQ/TW'],
        );
        const bad = await t.app.inject('/van-ban?nam=hai-nghin');
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /Bộ lọc không hợp lệ/);
      });

      test('a document restricted to editors is hidden from guests and shown to editors', async () => {
        const saved = await createDocument(
          deps,
          editorActor,
          doc({
            code: '7/BC-SKHCN',
            typeId: await typeId(t, 'Báo cáo'),
            issuedOn: '01/02/2024',
            summary: 'Báo cáo nội bộ',
            visibleRoles: ['editor'],
          }),
          { publish: true, files: [] },
        );
        assert.ok(!listedCodes((await t.app.inject('/van-ban')).body).includes('7/BC-SKHCN'));
        assert.equal((await t.app.inject(`/van-ban/${saved.slug}`)).statusCode, 404);
        assert.equal((await author.client.get(`/van-ban/${saved.slug}`)).statusCode, 404);
        assert.ok(listedCodes((await editor.client.get('/van-ban')).body).includes('7/BC-SKHCN'));
        assert.equal((await editor.client.get(`/van-ban/${saved.slug}`)).statusCode, 200);
      });

      test('the site search shows matching documents above the articles, code matches first, and links to the rest', async () => {
        const res = await t.app.inject('/tim-kiem?q=nghi+dinh+42+2022');
        assert.equal(res.statusCode, 200);
        const block = /<section class="search-documents"[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
        assert.ok(block, 'the block is there');
        assert.ok(res.body.indexOf(block) < res.body.indexOf('aria-label="Kết quả tìm kiếm"'), 'above the articles');
        const shown = [...block.matchAll(/<li><a href="\/van-ban\/[^"]+">[^<]* ([^<]+)<\/a>/g)].map((m) => m[1]);
        assert.deepEqual(shown.slice(0, 2), ['42/2022/NĐ-CP', '13/2023/NĐ-CP']);
        assert.match(block, /href="\/van-ban\?q=nghi\+dinh\+42\+2022">Xem tất cả 2 văn bản phù hợp</);
        const reports = await t.app.inject('/tim-kiem?q=bao+cao+noi+bo');
        assert.ok(!reports.body.includes('7/BC-SKHCN'), 'a restricted document stays out of the block');
        assert.ok(!(await t.app.inject('/tim-kiem?q=xyzzy')).body.includes('search-documents'));
      });
    });
  });

  /** The "Done means": the fixture article and 22-NQ/TW, in either order. */
  for (const order of ['document first', 'article first'] as const) {
    describe(`a cited document on ${dialect}, ${order}`, () => {
      let t: TestApp;
      after(() => t?.close());

      test('the article shows "Nghị quyết số 22-NQ/TW" as a link, and the document page lists the article', async () => {
        t = await createTestApp(dialect);
        await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
        const editor = await signedIn(t, 'editor', 'Biên tập viên');
        const actor: Actor = { id: editor.id, role: 'editor', displayName: 'Biên tập viên' };
        const addDocument = async () =>
          createDocument(
            documentDeps(t.site),
            actor,
            doc({
              code: '22-NQ/TW',
              typeId: await typeId(t, 'Nghị quyết'),
              issuer: 'Ban Chấp hành Trung ương',
              issuedOn: '02/02/2008',
              summary: 'Về nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng',
            }),
            { publish: true, files: [] },
          );
        const importArticle = async () => {
          const category = await resolveImportCategory(t.site.deps, 'tin-tuc');
          const out = await importFile(t.site.deps, FIXTURE, category);
          assert.ok(out.ok);
          return out.article;
        };
        let saved;
        let article;
        if (order === 'document first') {
          saved = await addDocument();
          article = await importArticle();
        } else {
          article = await importArticle();
          // The article page is cached before the document exists: adding it must drop that copy.
          assert.ok(!(await t.app.inject(article.url)).body.includes('class="document-ref"'));
          saved = await addDocument();
        }
        const page = await t.app.inject(article.url);
        assert.equal(page.statusCode, 200);
        const link = `<a class="document-ref" href="/van-ban/${saved.slug}">`;
        assert.ok(page.body.includes(`${link}Nghị quyết số 22-NQ/TW</a>`), 'the sapo links the reference as written');
        assert.ok(page.body.includes(`${link}Nghị quyết 22-NQ/TW</a>`), 'the body links it too');
        const docPage = await t.app.inject(`/van-ban/${saved.slug}`);
        assert.match(docPage.body, /Bài viết dẫn chiếu văn bản này/);
        assert.ok(docPage.body.includes(`<a href="${article.url}">`), 'the document page lists the article');
      });
    });
  }
}

describe('view and download counts', () => {
  test('are gathered in memory and written when the app closes; the PDF preview is not a download', async () => {
    const t = await createTestApp(backends().at(-1)!);
    try {
      const editor = await signedIn(t, 'editor', 'Biên tập viên');
      const saved = await createDocument(
        documentDeps(t.site),
        { id: editor.id, role: 'editor', displayName: 'Biên tập viên' },
        doc({
          code: '5/TB-SKHCN',
          typeId: await typeId(t, 'Thông báo'),
          issuedOn: '01/03/2024',
          summary: 'Thông báo lịch họp',
        }),
        { publish: true, files: [{ filename: 'thong-bao.pdf', data: PDF }] },
      );
      const page = await t.app.inject(`/van-ban/${saved.slug}`);
      await t.app.inject(`/van-ban/${saved.slug}`);
      const href = /<a href="([^"]+\/tep\/\d+)" download/.exec(page.body)![1]!;
      assert.equal((await t.app.inject(href)).statusCode, 200);
      assert.equal((await t.app.inject(`${href}?xem=1`)).statusCode, 200);
      const before = await t.database.handle.kysely
        .selectFrom('documents')
        .select(['views', 'downloads'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(before, { views: 0, downloads: 0 }, 'no write on the request path');
      await t.app.close();
      const row = await t.database.handle.kysely
        .selectFrom('documents')
        .select(['views', 'downloads'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { views: 2, downloads: 1 });
      const file = await t.database.handle.kysely
        .selectFrom('document_files')
        .select('downloads')
        .executeTakeFirstOrThrow();
      assert.equal(file.downloads, 1);
    } finally {
      await t.database.drop();
    }
  });
});

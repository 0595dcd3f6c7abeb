import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { articleDetailSchema, articleListSchema, categoryListSchema } from '../src/api/content.schema.js';
import { documentDetailSchema, documentListSchema } from '../src/documents/documents-api.schema.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
  updateDocument,
} from '../src/documents/documents.service.js';
import { apiErrorSchema } from '../src/web/api.js';
import { deleteArticle, getArticleForStaff } from '../src/newsroom/newsroom.service.js';
import { actor } from './support/actors.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`content API on ${dialect}`, () => {
    let t: TestApp;
    const ids: Record<string, number> = {};
    let childId = 0;

    before(async () => {
      t = await createTestApp(dialect, { env: { API_RATE_LIMIT: '1000' } });
      const root = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
      childId = await makeCategory(t.site, { slug: 'vu-tru', name: 'Vũ trụ', parentSlug: 'khoa-hoc' });
      const other = await makeCategory(t.site, { slug: 'doi-song', name: 'Đời sống' });
      // Vietnam days: 2025-03-01 07:00+07 is 00:00 UTC; 2025-03-02 06:59+07 is still the 2nd in Vietnam.
      const plan: [string, number, string, string[]][] = [
        ['a', root, '2025-03-01T00:00:00.000Z', ['ve-tinh']],
        ['b', childId, '2025-03-01T23:59:00.000Z', ['ve-tinh', 'ten-lua']],
        ['c', other, '2025-03-03T01:00:00.000Z', []],
        ['d', root, '2025-03-04T01:00:00.000Z', ['ten-lua']],
        ['e', childId, '2025-03-05T01:00:00.000Z', []],
      ];
      for (const [key, categoryId, publishedAt, tags] of plan) {
        const saved = await makeArticle(t.site, {
          categoryId,
          title: `Bài ${key.toUpperCase()} về không gian`,
          publishedAt,
          tags: tags.map((s) => s.replace('-', ' ')),
        });
        ids[key] = saved.id;
      }
      ids.draft = (await makeArticle(t.site, { categoryId: root, title: 'Bản nháp', status: 'draft' })).id;
      ids.scheduled = (
        await makeArticle(t.site, { categoryId: root, title: 'Hẹn giờ', publishedAt: '2999-01-01T00:00:00.000Z' })
      ).id;
    });
    const docs: Record<string, number> = {};
    before(async () => {
      const deps = documentDeps(t.site);
      await ensureDocumentTypes(deps);
      const types = await listDocumentTypes(deps);
      const typeOf = (name: string) => types.find((ty) => ty.name === name)!.id;
      const plan: [string, Record<string, unknown>, boolean][] = [
        ['decree', { code: '42/2022/NĐ-CP', typeId: typeOf('Nghị định'), issuedOn: '24/06/2022' }, true],
        [
          'circular',
          { code: '03/2023/TT-BTTTT', typeId: typeOf('Thông tư'), issuer: 'Bộ TT&TT', issuedOn: '2023-02-01' },
          true,
        ],
        ['old', { code: '43/2011/NĐ-CP', typeId: typeOf('Nghị định'), issuedOn: '13/06/2011' }, true],
        ['members', { code: '07/2024/QĐ-UBND', typeId: typeOf('Quyết định'), issuedOn: '2024-01-05' }, true],
        ['draft', { code: '99/2025/NĐ-CP', typeId: typeOf('Nghị định'), issuedOn: '2025-01-05' }, false],
      ];
      for (const [key, fields, publish] of plan) {
        const input = {
          issuer: 'Chính phủ',
          summary: `Quy định ${key} về cung cấp thông tin trên cổng điện tử`,
          field: 'Công nghệ thông tin',
          status: key === 'old' ? 'het_hieu_luc' : 'con_hieu_luc',
          visibleRoles: key === 'members' ? ['reader'] : [],
          ...fields,
        };
        docs[key] = (await createDocument(deps, actor('editor'), input, { publish, files: [] })).id;
      }
      const replaced = {
        issuer: 'Chính phủ',
        summary: 'Thay thế',
        status: 'het_hieu_luc',
        replacedBy: '42/2022/NĐ-CP',
      };
      await updateDocument(
        deps,
        actor('editor'),
        docs.old!,
        { code: '43/2011/NĐ-CP', typeId: typeOf('Nghị định'), issuedOn: '13/06/2011', ...replaced },
        { files: [], removeFileIds: [] },
      );
    });
    after(() => t.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
    const titles = (body: string) => (JSON.parse(body) as { items: { id: number }[] }).items.map((a) => a.id);

    test('lists published articles only, newest first, each matching the documented schema', async () => {
      const res = await get('/api/v1/articles');
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /application\/json/);
      const body = articleListSchema.parse(res.json());
      assert.deepEqual(
        body.items.map((a) => a.id),
        [ids.e, ids.d, ids.c, ids.b, ids.a],
      );
      const b = body.items.find((a) => a.id === ids.b)!;
      assert.deepEqual(b.category, { id: childId, slug: 'vu-tru', name: 'Vũ trụ' });
      assert.deepEqual(
        b.tags.map((x) => x.slug),
        ['ve-tinh', 'ten-lua'],
      );
      assert.match(b.url, new RegExp(`^http://.+/vu-tru/.+-${ids.b}\\.html$`));
      assert.equal(body.nextCursor, null);
    });

    test('filters: category (a parent includes its children), tag, Vietnam-day range, updated since', async () => {
      assert.deepEqual(titles((await get('/api/v1/articles?category=vu-tru')).body), [ids.e, ids.b]);
      assert.deepEqual(titles((await get('/api/v1/articles?category=khoa-hoc')).body), [ids.e, ids.d, ids.b, ids.a]);
      assert.deepEqual(titles((await get('/api/v1/articles?tag=ten-lua')).body), [ids.d, ids.b]);
      assert.deepEqual(titles((await get('/api/v1/articles?tag=khong-co')).body), []);
      // 2025-03-01 23:59 UTC is 06:59 on the 2nd in Vietnam: outside a range that ends on the 1st.
      assert.deepEqual(titles((await get('/api/v1/articles?from=2025-03-01&to=2025-03-01')).body), [ids.a]);
      assert.deepEqual(titles((await get('/api/v1/articles?from=2025-03-02&to=2025-03-03')).body), [ids.c, ids.b]);
      const future = new Date(Date.now() + 3600_000).toISOString();
      assert.deepEqual(titles((await get(`/api/v1/articles?updatedSince=${future}`)).body), []);
      assert.equal(titles((await get('/api/v1/articles?updatedSince=2000-01-01T00:00:00Z')).body).length, 5);
    });

    test('cursor pages neither skip nor repeat while articles are added', async () => {
      const first = (await get('/api/v1/articles?limit=2')).json() as { items: { id: number }[]; nextCursor: string };
      assert.deepEqual(
        first.items.map((a) => a.id),
        [ids.e, ids.d],
      );
      assert.ok(first.nextCursor);
      // A newer article arrives between pages: it would shift an offset page, not a cursor one.
      const late = await makeArticle(t.site, {
        categoryId: childId,
        title: 'Bài đến muộn',
        publishedAt: '2025-03-06T00:00:00.000Z',
      });
      const second = (await get(`/api/v1/articles?limit=2&cursor=${first.nextCursor}`)).json() as {
        items: { id: number }[];
        nextCursor: string;
      };
      assert.deepEqual(
        second.items.map((a) => a.id),
        [ids.c, ids.b],
      );
      const third = (await get(`/api/v1/articles?limit=2&cursor=${second.nextCursor}`)).json() as {
        items: { id: number }[];
        nextCursor: string | null;
      };
      assert.deepEqual(
        third.items.map((a) => a.id),
        [ids.a],
      );
      assert.equal(third.nextCursor, null);
      assert.equal(titles((await get('/api/v1/articles?limit=1')).body)[0], late.id);
    });

    test('one article, with its body; a draft or a scheduled one is 404', async () => {
      const res = await get(`/api/v1/articles/${ids.b}`);
      assert.equal(res.statusCode, 200);
      const a = articleDetailSchema.parse(res.json());
      assert.equal(a.title, 'Bài B về không gian');
      assert.match(a.bodyHtml, /<p>/);
      for (const id of [ids.draft, ids.scheduled, 999999]) {
        const missing = await get(`/api/v1/articles/${id}`);
        assert.equal(missing.statusCode, 404);
        apiErrorSchema.parse(missing.json());
      }
    });

    test('categories, as documented', async () => {
      const res = await get('/api/v1/categories');
      assert.equal(res.statusCode, 200);
      const body = categoryListSchema.parse(res.json());
      const child = body.items.find((c) => c.slug === 'vu-tru')!;
      assert.equal(child.parentId, body.items.find((c) => c.slug === 'khoa-hoc')!.id);
    });

    test('ETag: If-None-Match gets 304 until the content changes', async () => {
      for (const url of ['/api/v1/articles?tag=ve-tinh', `/api/v1/articles/${ids.a}`, '/api/v1/categories']) {
        const res = await get(url);
        const etag = res.headers.etag as string;
        assert.ok(etag, url);
        assert.ok(res.headers['last-modified'], url);
        const again = await get(url, { 'if-none-match': etag });
        assert.equal(again.statusCode, 304, url);
        assert.equal(again.body, '');
      }
      const list = await get('/api/v1/articles');
      const other = await get('/api/v1/articles?limit=3');
      assert.notEqual(list.headers.etag, other.headers.etag, 'each query has its own tag');
      await makeArticle(t.site, { categoryId: childId, title: 'Bài mới nữa', publishedAt: '2025-03-07T00:00:00.000Z' });
      const changed = await get('/api/v1/articles', { 'if-none-match': list.headers.etag as string });
      assert.equal(changed.statusCode, 200, 'a new article changes the tag');
      // A delete leaves no newer row behind; its audit line moves the tag.
      const gone = await makeArticle(t.site, {
        categoryId: childId,
        title: 'Bài sẽ xóa',
        publishedAt: '2020-01-01T00:00:00.000Z',
      });
      const beforeDelete = (await get('/api/v1/articles')).headers.etag as string;
      const editor = actor('editor');
      const { version } = (await getArticleForStaff(t.site.deps, editor, gone.id)).article;
      await deleteArticle(t.site.deps, editor, gone.id, { version });
      const afterDelete = await get('/api/v1/articles', { 'if-none-match': beforeDelete });
      assert.equal(afterDelete.statusCode, 200, 'a deleted article changes the tag');
      assert.ok(!titles(afterDelete.body).includes(gone.id));
    });

    test('bad parameters: 400 with a JSON error naming the parameter', async () => {
      const cases: [string, string][] = [
        ['/api/v1/articles?limit=0', 'limit'],
        ['/api/v1/articles?limit=abc', 'limit'],
        ['/api/v1/articles?limit=101', 'limit'],
        ['/api/v1/articles?from=2025-02-30', 'from'],
        ['/api/v1/articles?from=2025-03-05&to=2025-03-01', 'from'],
        ['/api/v1/articles?updatedSince=yesterday', 'updatedSince'],
        ['/api/v1/articles?cursor=!!!', 'cursor'],
        ['/api/v1/articles?cursor=bm90LWpzb24', 'cursor'],
        ['/api/v1/articles?category=Khoa%20h%E1%BB%8Dc', 'category'],
        ['/api/v1/articles?category=khong-ton-tai', 'category'],
        ['/api/v1/articles?categroy=khoa-hoc', 'categroy'],
        ['/api/v1/articles/abc', 'id'],
        ['/api/v1/categories?page=2', 'page'],
      ];
      for (const [url, parameter] of cases) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, url);
        const body = apiErrorSchema.parse(res.json());
        assert.equal(body.error.parameter, parameter, url);
        assert.match(body.error.message, new RegExp(`"${parameter}"`), url);
      }
    });

    const codes = async (url: string) => {
      const res = await get(url);
      assert.equal(res.statusCode, 200, url);
      return documentListSchema.parse(res.json()).items.map((d) => d.code);
    };

    test('documents: what guests may see, newest issued first, filtered, searched, as documented', async () => {
      assert.deepEqual(await codes('/api/v1/documents'), ['03/2023/TT-BTTTT', '42/2022/NĐ-CP', '43/2011/NĐ-CP']);
      const all = documentListSchema.parse((await get('/api/v1/documents')).json());
      assert.deepEqual([all.page, all.totalPages, all.total], [1, 1, 3]);
      assert.match(all.items[1]!.url, /^http:\/\/.+\/van-ban\/nghi-dinh-42-2022-nd-cp$/);
      assert.deepEqual(await codes(`/api/v1/documents?type=${encodeURIComponent('nghị định')}`), [
        '42/2022/NĐ-CP',
        '43/2011/NĐ-CP',
      ]);
      assert.deepEqual(await codes(`/api/v1/documents?issuer=${encodeURIComponent('Bộ TT&TT')}`), ['03/2023/TT-BTTTT']);
      assert.deepEqual(await codes('/api/v1/documents?year=2011'), ['43/2011/NĐ-CP']);
      assert.deepEqual(await codes('/api/v1/documents?status=het_hieu_luc'), ['43/2011/NĐ-CP']);
      assert.deepEqual(await codes(`/api/v1/documents?field=${encodeURIComponent('Y tế')}`), []);
      assert.equal((await codes('/api/v1/documents?q=nghi%20dinh%2042%202022'))[0], '42/2022/NĐ-CP');
      assert.deepEqual(await codes('/api/v1/documents?q=QĐ-UBND'), [], 'a restricted document stays hidden');
      assert.deepEqual(await codes('/api/v1/documents?page=2'), []);
    });

    test('one document, with its replacement; a draft, a restricted or a missing one is 404; ETag', async () => {
      const res = await get(`/api/v1/documents/${docs.old}`);
      assert.equal(res.statusCode, 200);
      const doc = documentDetailSchema.parse(res.json());
      assert.equal(doc.code, '43/2011/NĐ-CP');
      assert.equal(doc.issuedOn, '2011-06-13');
      assert.equal(doc.replacedBy?.id, docs.decree);
      assert.deepEqual(doc.files, []);
      for (const id of [docs.draft, docs.members, 999999]) {
        const missing = await get(`/api/v1/documents/${id}`);
        assert.equal(missing.statusCode, 404, String(id));
        apiErrorSchema.parse(missing.json());
      }
      const etag = res.headers.etag as string;
      assert.equal((await get(`/api/v1/documents/${docs.old}`, { 'if-none-match': etag })).statusCode, 304);
      const list = (await get('/api/v1/documents')).headers.etag as string;
      const decree = { code: '42/2022/NĐ-CP', issuer: 'Chính phủ', issuedOn: '24/06/2022', status: 'con_hieu_luc' };
      const typeId = (await listDocumentTypes(documentDeps(t.site))).find((ty) => ty.name === 'Nghị định')!.id;
      await updateDocument(
        documentDeps(t.site),
        actor('editor'),
        docs.decree!,
        { ...decree, typeId, summary: 'Tóm tắt mới' },
        { files: [], removeFileIds: [] },
      );
      assert.equal(
        (await get('/api/v1/documents', { 'if-none-match': list })).statusCode,
        200,
        'an edit moves the tag',
      );
      for (const [url, parameter] of [
        ['/api/v1/documents?type=Kh%C3%B4ng%20c%C3%B3', 'type'],
        ['/api/v1/documents?year=22', 'year'],
        ['/api/v1/documents?status=valid', 'status'],
        ['/api/v1/documents?page=0', 'page'],
        ['/api/v1/documents?loai=1', 'loai'],
        ['/api/v1/documents/abc', 'id'],
      ]) {
        const bad = await get(url!);
        assert.equal(bad.statusCode, 400, url);
        assert.equal(apiErrorSchema.parse(bad.json()).error.parameter, parameter, url);
      }
    });

    test('the OpenAPI document validates as OpenAPI 3.1 and lists every route', async () => {
      const res = await get('/api/v1/openapi.json');
      assert.equal(res.statusCode, 200);
      const doc = res.json() as { openapi: string; paths: Record<string, { get: { parameters: { name: string }[] } }> };
      const validator = new Validator();
      const result = await validator.validate(doc);
      assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1));
      assert.equal(doc.openapi, '3.1.0');
      assert.deepEqual(Object.keys(doc.paths).sort(), [
        '/api/v1/articles',
        '/api/v1/articles/{id}',
        '/api/v1/categories',
        '/api/v1/documents',
        '/api/v1/documents/{id}',
      ]);
      assert.deepEqual(
        doc.paths['/api/v1/documents']!.get.parameters.map((p) => p.name),
        ['q', 'type', 'issuer', 'field', 'year', 'status', 'page'],
      );
      assert.deepEqual(
        doc.paths['/api/v1/articles']!.get.parameters.map((p) => p.name),
        ['category', 'tag', 'from', 'to', 'updatedSince', 'limit', 'cursor'],
      );
    });

    test('CORS is off by default: no headers, and no preflight route', async () => {
      const res = await get('/api/v1/categories', { origin: 'https://app.example.vn' });
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      const pre = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/articles',
        headers: { origin: 'https://app.example.vn', 'access-control-request-method': 'GET' },
      });
      assert.equal(pre.headers['access-control-allow-origin'], undefined);
      assert.notEqual(pre.statusCode, 204);
    });
  });

  describe(`content API limits and CORS on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, {
        env: { CORS_ORIGINS: 'https://app.example.vn, http://localhost:5173', API_RATE_LIMIT: '5' },
      });
    });
    after(() => t.close());

    test('an allowed origin gets CORS headers and a preflight answer; another origin gets neither', async () => {
      const ok = await t.app.inject({ url: '/api/v1/categories', headers: { origin: 'https://app.example.vn' } });
      assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example.vn');
      assert.match(ok.headers['access-control-expose-headers'] as string, /ETag/);
      assert.match(ok.headers.vary as string, /Origin/);
      const pre = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/articles?limit=2',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
      });
      assert.equal(pre.statusCode, 204);
      assert.equal(pre.headers['access-control-allow-origin'], 'http://localhost:5173');
      assert.match(pre.headers['access-control-allow-methods'] as string, /GET/);
      const evil = await t.app.inject({ url: '/api/v1/categories', headers: { origin: 'https://evil.example' } });
      assert.equal(evil.headers['access-control-allow-origin'], undefined);
      const evilPre = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/v1/articles',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(evilPre.headers['access-control-allow-origin'], undefined);
    });

    test('an address over its limit gets 429 with Retry-After; another address does not', async () => {
      // The CORS test above made 2 API requests from this address (the preflights are not counted).
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.app.inject('/api/v1/categories')).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const limited = await t.app.inject('/api/v1/articles');
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) >= 1);
      assert.match((limited.json() as { error: { message: string } }).error.message, /Too many/);
      const other = await t.app.inject({ url: '/api/v1/categories', remoteAddress: '203.0.113.9' });
      assert.equal(other.statusCode, 200);
    });
  });
}

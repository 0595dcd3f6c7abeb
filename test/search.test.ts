import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { saveArticle } from '../src/articles/articles.service.js';
import { updateCategory } from '../src/categories/category-admin.service.js';
import { messages as m } from '../src/messages/vi.js';
import { deleteArticle } from '../src/newsroom/newsroom.service.js';
import { parseSearchQuery } from '../src/search/query.js';
import { reindexAll } from '../src/search/reindex.js';
import { buildIndexedDocument, type SearchFilters, type SearchPage } from '../src/search/search-index.js';
import { markKey } from '../src/vi/search-text.js';
import { actor } from './support/actors.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { assertRow, makeCorpus, type TableRow } from './support/search-table.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The ids of the API's first page of results for a query, in order. */
async function resultIds(t: TestApp, q: string): Promise<number[]> {
  const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`);
  assert.equal(res.statusCode, 200);
  return res.json().results.map((r: { id: number }) => r.id);
}

/** The index's own answer to a query (no cache, no page): newest time now, first page of 10, relevance. */
function searchIndex(t: TestApp, q: string, filters: Partial<SearchFilters> = {}): Promise<SearchPage> {
  return t.site.db.search.search(t.site.db.kysely, parseSearchQuery(q)!, {
    now: new Date().toISOString(),
    sort: 'relevance',
    limit: 10,
    offset: 0,
    version: t.site.version,
    ...filters,
  });
}

/** Every lead PostgreSQL holds, as text, by article. */
async function searchLeads(db: TestApp['site']['db']['kysely']) {
  return (
    await sql<{ id: number; lead: string }>`select article_id as id, lead::text as lead
      from search_leads order by article_id`.execute(db)
  ).rows;
}

/** The corpus every back end is tested on: key → article. Later dates are newer. */
const CORPUS = {
  nq22: {
    title: 'Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW về hội nhập quốc tế',
    body: 'Đảng bộ Sở Khoa học và Công nghệ tổ chức hội nghị.',
  },
  nd42: {
    title: 'Triển khai 42/2022/NĐ-CP về cung cấp thông tin trên cổng điện tử',
    body: 'Các cơ quan nhà nước phải công khai thông tin đầy đủ, chính xác.',
  },
  ma_sac: { title: 'Thương má nơi quê nhà', body: 'Chuyện kể về người mẹ miền Nam.' },
  ma_none: { title: 'Truyện ma dân gian', body: 'Những câu chuyện kể bên bếp lửa.' },
  ma_nga: { title: 'Tra cứu mã số thuế', body: 'Hướng dẫn người nộp thuế tra cứu trực tuyến.' },
  ma_huyen: { title: 'Mà thôi, chuyện cũ', body: 'Một tản văn ngắn về ký ức.' },
  khoahoc: { title: 'Khoa học phục vụ nông nghiệp', body: 'Ứng dụng tiến bộ kỹ thuật vào sản xuất lúa.' },
  khoa_hoc_apart: { title: 'Khoa nội tiếp nhận học viên', body: 'Bệnh viện đón sinh viên thực tập.' },
  hoa_old: { title: 'Giữ vững hòa bình biên giới', body: 'Lực lượng biên phòng tuần tra.' },
  hoa_new: { title: 'Tiếp sức mùa thi', body: 'Không khí hoà hợp giữa các tình nguyện viên.' },
  thuy_body: { title: 'Tin nông nghiệp tuần này', body: 'Nhiều công trình thủy lợi được nâng cấp trước mùa khô.' },
  thuy_title: { title: 'Thủy lợi chống hạn', body: 'Tỉnh đầu tư nạo vét kênh mương.' },
  dang_older: { title: 'Đăng ký tạm trú trực tuyến', body: 'Người dân thực hiện trên cổng dịch vụ công.' },
  dang_newer: { title: 'Đăng ký tạm trú trực tuyến', body: 'Người dân thực hiện trên cổng dịch vụ công.' },
  kn_adjacent: { title: 'Chương trình khuyến nông năm nay', body: 'Hội thảo đầu bờ.' },
  kn_apart: { title: 'Khuyến khích nông dân liên kết', body: 'Hợp tác xã mở rộng.' },
} as const;
type Key = keyof typeof CORPUS;

/** query → the keys that must come first, in this order (`first`), and keys that must (not) be found. */
const TABLE: Array<TableRow<Key>> = [
  { q: 'nghi quyet', first: ['nq22'], why: 'folded query finds marked text' },
  { q: 'NGHỊ QUYẾT', first: ['nq22'], why: 'case-insensitive' },
  { q: 'Nghị quyết'.normalize('NFD'), first: ['nq22'], why: 'NFD input' },
  { q: 'nghi quy', first: ['nq22'], why: 'last word is a prefix' },
  { q: 'nghị quyế', first: ['nq22'], why: 'a prefix longer than the prefix index' },
  { q: 'nông nghiệ', has: ['khoahoc', 'thuy_body'], not: ['nq22', 'hoa_old'], why: 'a long prefix after another word' },
  { q: 'dang bo', first: ['nq22'], why: 'đ folds to d' },
  { q: '22-NQ/TW', first: ['nq22'], why: 'document code as written' },
  { q: '22/NQ-TW', first: ['nq22'], why: 'document code, other separators' },
  { q: '22 NQ TW', first: ['nq22'], why: 'document code, spaces' },
  { q: 'nq 22', first: ['nq22'], why: 'document code, kind first' },
  { q: '42/2022/ND-CP', first: ['nd42'], why: 'NĐ typed as ND' },
  { q: '42/2022/NĐ-CP', first: ['nd42'], why: 'document code with đ' },
  { q: 'nghị định 42', first: ['nd42'], why: 'kind written out' },
  {
    q: 'má',
    first: ['ma_sac'],
    has: ['ma_none', 'ma_nga', 'ma_huyen'],
    why: 'exact marks first, folded matches after',
  },
  { q: 'mã', first: ['ma_nga'], has: ['ma_sac', 'ma_none', 'ma_huyen'], why: 'exact marks first (ngã)' },
  { q: 'ma', has: ['ma_sac', 'ma_none', 'ma_nga', 'ma_huyen'], why: 'unmarked query finds every mark' },
  { q: 'khoa học', first: ['khoahoc'], has: ['khoa_hoc_apart'], why: 'adjacent words rank first' },
  { q: '"khoa học"', first: ['khoahoc'], not: ['khoa_hoc_apart'], why: 'quoted phrase must be adjacent' },
  { q: 'hòa', has: ['hoa_old', 'hoa_new'], why: 'old tone placement finds both' },
  { q: 'hoà', has: ['hoa_old', 'hoa_new'], why: 'new tone placement finds both' },
  { q: 'thuy loi', first: ['thuy_title', 'thuy_body'], why: 'headline outweighs body' },
  { q: 'đăng ký tạm trú', first: ['dang_newer', 'dang_older'], why: 'newer wins ties' },
  {
    q: 'khuyến nông',
    first: ['kn_adjacent', 'kn_apart'],
    why: 'a last word that is its own only completion: adjacency still ranks',
  },
  { q: 'khuyen nong', first: ['kn_adjacent', 'kn_apart'], why: 'the same, folded' },
  { q: 'xyzzy quoz', not: Object.keys(CORPUS) as Key[], why: 'no hit' },
  // SQLite keeps a column of mark keys beside the text; a query term must never match there.
  { q: `"${markKey('quyết')!}"`, not: ['nq22'], why: 'a mark key typed as a word is not the marked word' },
  { q: `nghị "${markKey('quyết')!}"`, not: ['nq22'], why: 'nor after another word' },
  { q: 'ma0', not: ['ma_sac', 'ma_nga', 'ma_huyen'], why: 'nor is the start of one (má, mã, mà)' },
];

const NASTY = [
  '',
  '   ',
  '"',
  '""',
  '"""',
  "'",
  '*',
  '**',
  'NEAR(',
  'NEAR(a b',
  'a OR b',
  'OR',
  'AND',
  'NOT',
  '-',
  '- -',
  '-nghị',
  '(',
  ')',
  '((((',
  'a) OR (b',
  '{title}: x',
  'title:x',
  'rowid',
  '^',
  'nghị*',
  '"nghị',
  'nghị"',
  '22-NQ/TW"',
  "'; drop table articles; --",
  '\u0000',
  '\u0007\u001b[31m',
  'a\u0000b',
  '\u200b\u200b',
  '\ufeff',
  '😀',
  '中文',
  'x'.repeat(10_000),
  'nghị quyết '.repeat(1_000),
  '<script>alert(1)</script>',
  '%',
  '_',
  '\\',
  '& | ! <->',
  ':*',
  'a:*',
  '!!!',
  'a & b',
  'a | b',
];
/** Already percent-encoded: invalid UTF-8 and broken escapes cannot be built with encodeURIComponent. */
const RAW_NASTY = ['%ED%A0%80', '%FF%FE', '%', '%zz', '%00', 'a%2', '%E1%BB'];

for (const dialect of backends()) {
  describe(`search on ${dialect}`, () => {
    let t: TestApp;
    let newsId: number;
    let scienceId: number;
    const ids = new Map<Key, number>();
    const keyOf = new Map<number, Key>();

    async function api(
      q: string,
      extra = '',
    ): Promise<{
      total: number;
      results: Array<{
        id: number;
        title: string;
        url: string;
        publishedAt: string;
        published_at: string;
        snippet: string;
      }>;
    }> {
      const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
      assert.equal(res.statusCode, 200, `${JSON.stringify(q).slice(0, 80)}: ${res.body.slice(0, 300)}`);
      return res.json();
    }
    const keys = async (q: string) => (await api(q)).results.map((r) => keyOf.get(r.id) ?? `#${r.id}`);

    before(async () => {
      t = await createTestApp(dialect);
      newsId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      scienceId = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học' });
      const made = await makeCorpus(t.site, CORPUS, (key) => (key === 'khoahoc' ? scienceId : newsId));
      for (const [id, key] of made) {
        ids.set(key, id);
        keyOf.set(id, key);
      }
    });
    after(() => t.close());

    for (const row of TABLE) {
      test(`${JSON.stringify(row.q)}: ${row.why}`, async () => {
        assertRow(row, await keys(row.q));
      });
    }

    test('NFC and NFD, old and new tone placement give identical results', async () => {
      for (const [a, b] of [
        ['thủy lợi', 'thủy lợi'.normalize('NFD')],
        ['hòa bình', 'hoà bình'],
        ['thủy lợi', 'thuỷ lợi'],
        ['đăng ký', 'đăng ký'.normalize('NFD')],
      ] as const) {
        assert.deepEqual(await keys(a), await keys(b), `${a} vs ${b}`);
      }
    });

    test('every nasty query answers 200 on the API and the page, never a database error', async () => {
      for (const q of NASTY) {
        await api(q);
        const page = await t.app.inject(`/tim-kiem?q=${encodeURIComponent(q)}`);
        assert.equal(page.statusCode, 200, `${JSON.stringify(q).slice(0, 60)}: ${page.body.slice(0, 200)}`);
        assert.ok(!page.body.includes('<script>alert'), 'query is escaped');
      }
      for (const raw of RAW_NASTY) {
        for (const url of [`/api/v1/search?q=${raw}`, `/tim-kiem?q=${raw}`]) {
          const res = await t.app.inject(url);
          assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
        }
      }
    });

    test('the API returns the documented shape', async () => {
      const body = await api('22-NQ/TW');
      assert.equal(body.total, 1);
      const [hit] = body.results;
      // Keys are camelCase like the rest of the API; published_at stays for clients written before.
      assert.deepEqual(Object.keys(hit!).sort(), ['id', 'publishedAt', 'published_at', 'snippet', 'title', 'url']);
      assert.equal(hit!.id, ids.get('nq22'));
      assert.match(
        hit!.url,
        /^\/tin-tuc\/tong-ket-10-nam-thuc-hien-nghi-quyet-so-22-nq-tw-ve-hoi-nhap-quoc-te-\d+\.html$/,
      );
      assert.equal(hit!.publishedAt, '2024-01-01T00:01:00.000Z');
      assert.equal(hit!.published_at, hit!.publishedAt);
      assert.match(hit!.snippet, /Đảng bộ Sở Khoa học/);
    });

    test('highlights survive folding and stay escaped', async () => {
      const res = await t.app.inject(`/tim-kiem?q=${encodeURIComponent('nghi quyet')}`);
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('<mark>Nghị quyết</mark> số 22-NQ/TW'), 'headline highlighted as written');
      const tricky = await makeArticle(t.site, {
        categoryId: newsId,
        title: 'Ký hiệu <b> & "trích dẫn" trong văn bản',
        sapo: '',
        body: '<p>Ký hiệu lạ.</p>',
      });
      const page = await t.app.inject(`/tim-kiem?q=${encodeURIComponent('trich dan')}`);
      assert.ok(page.body.includes('Ký hiệu &lt;b&gt; &amp; &quot;<mark>trích dẫn</mark>&quot; trong'), page.body);
      await setStatus(tricky.id, 'draft', 'Ký hiệu <b> & "trích dẫn" trong văn bản');
    });

    test('category and date filters, newest-first sort', async () => {
      assert.deepEqual(
        (await api('khoa', '&category=khoa-hoc')).results.map((r) => keyOf.get(r.id)),
        ['khoahoc'],
      );
      const all = await api('khoa');
      assert.ok(all.total >= 3);
      const inDay = await api('khoa', '&from=2024-01-01&to=2024-01-01');
      assert.equal(inDay.total, all.total, 'every corpus article is on 01/01/2024 in Vietnam');
      assert.equal((await api('khoa', '&from=2024-01-02')).total, 0);
      assert.equal((await api('khoa', '&to=2023-12-31')).total, 0);
      const newest = (await api('tam tru', '&sort=newest')).results.map((r) => keyOf.get(r.id));
      assert.deepEqual(newest, ['dang_newer', 'dang_older']);
      for (const bad of [
        '&from=2024-13-01',
        '&to=yesterday',
        '&page=0',
        '&page=abc',
        '&sort=random',
        '&category=khong-co',
      ]) {
        const res = await t.app.inject(`/api/v1/search?q=khoa${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.json().error.message, /[àáảãạăâđêôơư]/i, 'a Vietnamese message');
      }
      const page = await t.app.inject('/tim-kiem?q=khoa&tu=2024-02-30');
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /Ngày không hợp lệ/);
    });

    /** Saves the article again through the service with a new status (its import key makes it an update). */
    async function setStatus(
      id: number,
      status: 'draft' | 'published' | 'unpublished',
      title: string,
      publishedAt = '2024-02-01T00:00:00.000Z',
    ) {
      await t.site.db.kysely
        .updateTable('articles')
        .set({ import_key: `test:${id}` })
        .where('id', '=', id)
        .execute();
      await saveArticle(t.site.deps, {
        title,
        sapo: '',
        bodyHtml: '<p>Nội dung.</p>',
        byline: '',
        categoryId: newsId,
        tags: [],
        status,
        publishedAt,
        importKey: `test:${id}`,
      });
    }

    test('publishing, editing, unpublishing and deleting change results at once; drafts and scheduled articles are never found', async () => {
      const a = await makeArticle(t.site, { categoryId: newsId, title: 'Lễ hội hoa ban Điện Biên', status: 'draft' });
      assert.equal((await api('hoa ban')).total, 0, 'draft not found');
      await setStatus(a.id, 'published', 'Lễ hội hoa ban Điện Biên');
      assert.equal((await api('hoa ban')).total, 1, 'found once published');
      await setStatus(a.id, 'published', 'Lễ hội pháo hoa Đà Nẵng');
      assert.equal((await api('hoa ban')).total, 0, 'old headline gone after edit');
      assert.equal((await api('phao hoa da nang')).total, 1, 'new headline found');
      await setStatus(a.id, 'unpublished', 'Lễ hội pháo hoa Đà Nẵng');
      assert.equal((await api('phao hoa da nang')).total, 0, 'unpublished is gone');

      const future = new Date(Date.now() + 86_400_000).toISOString();
      const s = await makeArticle(t.site, {
        categoryId: newsId,
        title: 'Thông báo tuyển sinh lớp mười',
        publishedAt: future,
      });
      assert.equal((await api('tuyen sinh lop muoi')).total, 0, 'scheduled article not found before its time');

      const d = await makeArticle(t.site, { categoryId: newsId, title: 'Kết quả xổ số kiến thiết' });
      assert.equal((await api('xo so kien thiet')).total, 1);
      // Through the newsroom, as staff delete: results are cached now, and only the app's own writes drop them at once.
      const { version } = await t.site.db.kysely
        .selectFrom('articles')
        .select('version')
        .where('id', '=', d.id)
        .executeTakeFirstOrThrow();
      await deleteArticle(t.site.deps, actor('admin'), d.id, { version });
      assert.equal((await api('xo so kien thiet')).total, 0, 'deleted article is gone');
      assert.ok(s.id > 0);
    });

    test('pagination pages through every hit once, and the page links keep the filters', async () => {
      for (let i = 0; i < 23; i++) {
        await makeArticle(t.site, { categoryId: newsId, title: `Bản tin phòng chống lụt bão số ${i + 1}` });
      }
      const seen = new Set<number>();
      let total = 0;
      for (let p = 1; p <= 3; p++) {
        const body = await api('lụt bão', `&page=${p}`);
        total = body.total;
        for (const r of body.results) seen.add(r.id);
      }
      assert.equal(total, 23);
      assert.equal(seen.size, 23);
      const page2 = await t.app.inject('/tim-kiem?q=l%E1%BB%A5t+b%C3%A3o&chuyen-muc=tin-tuc&trang=2');
      assert.equal(page2.statusCode, 200);
      assert.match(page2.body, /href="\/tim-kiem\?q=l%E1%BB%A5t\+b%C3%A3o&amp;chuyen-muc=tin-tuc&amp;trang=3"/);
      assert.match(page2.body, /<span aria-current="page">2<\/span>/);
    });

    test('a cached query shows a newly published article on its next request, on the page and the API', async () => {
      const url = `/tim-kiem?q=${encodeURIComponent('chợ phiên Bắc Hà')}`;
      const before = await t.app.inject(url);
      assert.ok(before.body.includes(m.search.none));
      const again = await t.app.inject(url);
      assert.equal(again.headers.etag, before.headers.etag, 'the second request is the cached page');
      assert.ok(t.caches.search.pages.size > 0, "guests' search pages are cached");
      assert.equal((await api('chợ phiên Bắc Hà')).total, 0);

      const a = await makeArticle(t.site, { categoryId: newsId, title: 'Chợ phiên Bắc Hà mùa xuân' });
      const after = await t.app.inject(url);
      assert.ok(after.body.includes(`-${a.id}.html"`), 'the new article is listed');
      assert.deepEqual(
        (await api('chợ phiên Bắc Hà')).results.map((r) => r.id),
        [a.id],
      );

      await setStatus(a.id, 'unpublished', 'Chợ phiên Bắc Hà mùa xuân');
      assert.ok((await t.app.inject(url)).body.includes(m.search.none), 'unpublished: gone again');
      assert.equal((await api('chợ phiên Bắc Hà')).total, 0);
    });

    test('junk parameters, spacing and Unicode forms of one query share one cache entry', async () => {
      const pages = t.caches.search.pages;
      const outcomes = t.caches.search.outcomes;
      await t.app.inject('/tim-kiem?q=th%E1%BB%A7y+l%E1%BB%A3i');
      const first = await t.app.inject('/tim-kiem?q=th%E1%BB%A7y+l%E1%BB%A3i');
      assert.equal(first.statusCode, 200);
      const [pagesAfterOne, outcomesAfterOne] = [pages.size, outcomes.size];
      const variants = [
        '/tim-kiem?q=th%E1%BB%A7y+l%E1%BB%A3i&utm_source=facebook&fbclid=abc',
        '/tim-kiem?q=++th%E1%BB%A7y+++l%E1%BB%A3i++&x=1',
        `/tim-kiem?q=${encodeURIComponent('thủy lợi'.normalize('NFD'))}`,
        '/tim-kiem?q=th%E1%BB%A7y+l%E1%BB%A3i&sap-xep=lien-quan&trang=1&chuyen-muc=&tu=&den=',
        '/tim-kiem?q=th%E1%BB%A7y+l%E1%BB%A3i&q=other',
      ];
      for (const url of variants) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers.etag, first.headers.etag, `${url} is the same page`);
      }
      assert.equal(pages.size, pagesAfterOne, 'no new page entries');
      for (const q of ['thủy lợi', 'thủy   lợi', 'thủy lợi'.normalize('NFD'), 'thuỷ lợi', 'THỦY LỢI'])
        await api(q, '&junk=1');
      assert.equal(outcomes.size, outcomesAfterOne, 'no new outcome entries: the key is the parsed query');
      await api('thủy loi');
      assert.equal(outcomes.size, outcomesAfterOne + 1, 'other marks rank differently, so they are their own entry');
    });
  });
}

for (const dialect of backends()) {
  describe(`broad queries on ${dialect} rank among the newest matches`, () => {
    test('window: relevance, newest and filters stay correct, total is a lower bound', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const other = await makeCategory(t.site, { slug: 'khac' });
        const made: number[] = [];
        for (let i = 0; i < 8; i++) {
          const title = i === 5 ? 'Mùa lúa chín vàng' : `Bản tin mùa vụ số ${i}`;
          made.push(
            (await makeArticle(t.site, { categoryId: i % 2 ? other : news, title, body: '<p>Nông dân ra đồng.</p>' }))
              .id,
          );
        }
        const future = await makeArticle(t.site, {
          categoryId: news,
          title: 'Mùa vụ sắp tới',
          publishedAt: new Date(Date.now() + 3_600_000).toISOString(),
        });
        const search = (q: string, extra: Partial<SearchFilters> = {}) =>
          searchIndex(t, q, { limit: 3, window: 4, ...extra });
        const relevance = await search('mùa');
        assert.equal(relevance.capped, true);
        assert.equal(relevance.total, 3, 'the window of 4 newest matches holds the scheduled one, which is left out');
        assert.ok(!relevance.hits.some((h) => h.id === future.id), 'scheduled article never shown');
        const pastTheEnd = await search('mùa', { offset: 9 });
        assert.deepEqual(
          [pastTheEnd.total, pastTheEnd.capped, pastTheEnd.hits.length],
          [3, true, 0],
          'a page past the end keeps the total',
        );
        const exact = await search('mùa lúa');
        assert.equal(exact.hits[0]?.id, made[5]);
        const newest = await search('mua', { sort: 'newest' });
        assert.deepEqual(
          newest.hits.map((h) => h.id),
          [made[7], made[6], made[5]],
        );
        // A filter is applied while the window is taken: old matches stay findable.
        const inCategory = await search('mua', { categoryId: news });
        assert.deepEqual(
          inCategory.hits.map((h) => h.id),
          [made[6], made[4], made[2]],
        );
        assert.deepEqual([inCategory.total, inCategory.capped], [4, false]);
        const times = new Map(newest.hits.map((h) => [h.id, h.published_at]));
        const oldest = await search('mua', {
          sort: 'newest',
          to: new Date(Date.parse(times.get(made[5]!)!) - 60_000 * 3 + 1).toISOString(),
        });
        assert.deepEqual(
          oldest.hits.map((h) => h.id),
          [made[2], made[1], made[0]],
          'dates before the window still find their articles',
        );
        const page = await t.app.inject('/tim-kiem?q=m%C3%B9a');
        assert.equal(page.statusCode, 200);
      } finally {
        await t.close();
      }
    });
  });
}

for (const dialect of backends()) {
  describe(`boosts on ${dialect} rank the same whether the matches are close together or spread out`, () => {
    // SQLite asks its boosts differently when the matches are a thin spread over their rowid range.
    for (const fillers of [0, 12]) {
      test(`exact marks, adjacency, headline and whole last word, ${fillers} unrelated articles between the matches`, async () => {
        const t = await createTestApp(dialect);
        try {
          const news = await makeCategory(t.site, { slug: 'tin-tuc' });
          const filler = async (n: number) => {
            for (let i = 0; i < n; i++)
              await makeArticle(t.site, {
                categoryId: news,
                title: `Thời tiết hôm nay ${i}`,
                sapo: '',
                body: '<p>Trời nắng.</p>',
              });
          };
          // Each newer than the last, so without the boosts the order would be the reverse.
          const all = (
            await makeArticle(t.site, {
              categoryId: news,
              title: 'Tra cứu mã số doanh nghiệp',
              sapo: '',
              body: '<p>Hướng dẫn.</p>',
            })
          ).id;
          await filler(fillers);
          const adjacentOnly = (
            await makeArticle(t.site, {
              categoryId: news,
              title: 'Chuyện ma sói trong làng',
              sapo: '',
              body: '<p>Kể lại.</p>',
            })
          ).id;
          await filler(fillers);
          const marksApart = (
            await makeArticle(t.site, {
              categoryId: news,
              title: 'Mã vùng và số điện thoại',
              sapo: '',
              body: '<p>Danh bạ.</p>',
            })
          ).id;
          const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent('mã số')}`);
          assert.equal(res.statusCode, 200);
          assert.deepEqual(
            res.json().results.map((r: { id: number }) => r.id),
            [all, marksApart, adjacentOnly],
          );
          const folded = await t.app.inject('/api/v1/search?q=ma+so');
          assert.deepEqual(
            folded.json().results.map((r: { id: number }) => r.id),
            [all, adjacentOnly, marksApart],
            'unmarked: adjacency, then newer',
          );

          // A query with a number: spread thin, SQLite's boosts step through the number.
          const article = async (title: string) =>
            (await makeArticle(t.site, { categoryId: news, title, sapo: '', body: '<p>Văn bản.</p>' })).id;
          const decree = await article('Thực hiện nghị định 42 năm nay');
          await filler(fillers);
          const longer = await article('Nghị định 420 về đất đai');
          await filler(fillers);
          const apart = await article('Định kỳ nghị sự 42 ngày');
          await filler(fillers);
          const unmarked = await article('Nghi dinh 42 viet khong dau');
          const code = await t.app.inject(`/api/v1/search?q=${encodeURIComponent('nghị định 42')}`);
          assert.deepEqual(
            code.json().results.map((r: { id: number }) => r.id),
            [decree, longer, apart, unmarked],
          );
        } finally {
          await t.close();
        }
      });
    }

    test('the whole last word orders every page, the first and the later ones alike', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const made: Record<string, number> = {};
        // Oldest first. "lô" is marked in all, and "lô 12…" adjacent in all but a6 and a7; a headline holding
        // both (h3, h8) raises two. Within each of those tiers the whole "12" comes before "120", "121"…
        const articles: Array<[string, string, string]> = [
          ['b1', 'Bản tin nông nghiệp', 'Thu hoạch lô 12 đã xong.'],
          ['b2', 'Bản tin nông nghiệp', 'Thu hoạch lô 121 đã xong.'],
          ['h3', 'Lô 12 về đích sớm', 'Cả đội vui mừng.'],
          ['b4', 'Bản tin nông nghiệp', 'Gieo sạ lô 12 vào tuần sau.'],
          ['b5', 'Bản tin nông nghiệp', 'Gieo sạ lô 122 vào tuần sau.'],
          ['a6', 'Bản tin nông nghiệp', 'Lô đất số 12 chưa có người thuê.'],
          ['a7', 'Bản tin nông nghiệp', 'Lô đất số 125 chưa có người thuê.'],
          ['h8', 'Lô 120 về đích muộn', 'Cả đội cố gắng.'],
          ['b9', 'Bản tin nông nghiệp', 'Tưới nước lô 12 hằng ngày.'],
          ['b10', 'Bản tin nông nghiệp', 'Tưới nước lô 123 hằng ngày.'],
        ];
        for (const [key, title, text] of articles)
          made[key] = (await makeArticle(t.site, { categoryId: news, title, sapo: '', body: `<p>${text}</p>` })).id;
        const expected = ['h3', 'h8', 'b9', 'b4', 'b1', 'b10', 'b5', 'b2', 'a6', 'a7'].map((k) => made[k]);
        const ids = async (limit: number, offset: number) =>
          (await searchIndex(t, 'lô 12', { limit, offset })).hits.map((h) => h.id);
        assert.deepEqual(await ids(20, 0), expected);
        // A short page ends inside a tier, or on its last article: the order must not change there.
        for (const limit of [1, 2, 3, 4]) {
          const paged: number[] = [];
          for (let offset = 0; offset < expected.length; offset += limit) paged.push(...(await ids(limit, offset)));
          assert.deepEqual(paged, expected, `pages of ${limit}`);
        }
      } finally {
        await t.close();
      }
    });
  });
}

describe('upgrading an existing sqlite site (migration 011)', () => {
  test('the term list for long prefixes is filled from the index already there', async () => {
    const t = await createTestApp('sqlite');
    try {
      const news = await makeCategory(t.site, { slug: 'tin-tuc' });
      const a = await makeArticle(t.site, { categoryId: news, title: 'Chuyển đổi số trong nông nghiệp' });
      // As before the migration: the index holds the article, the term list does not exist.
      await sql`drop table search_terms`.execute(t.site.db.kysely);
      await sql`drop index articles_search_candidates`.execute(t.site.db.kysely);
      await t.site.db.helpers.createSearchSpeedups(t.site.db.kysely as Kysely<unknown>);
      const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent('nông nghiệ')}`);
      assert.deepEqual(
        res.json().results.map((r: { id: number }) => r.id),
        [a.id],
      );
    } finally {
      await t.close();
    }
  });
});

/** "thuy loi" in one article's headline and in a newer one's body: the headline match must rank first. */
async function headlineAndBodyMatch(t: TestApp) {
  const news = await makeCategory(t.site, { slug: 'tin-tuc' });
  const article = (title: string, body: string) =>
    makeArticle(t.site, { categoryId: news, title, sapo: '', body: `<p>${body}</p>` });
  const headline = await article('Thủy lợi chống hạn', 'Nạo vét kênh mương.');
  const body = await article('Tin tuần này', 'Công trình thủy lợi được nâng cấp.');
  return { news, headline, body };
}

for (const dialect of backends()) {
  describe(`search on ${dialect} follows publication time, not ids`, () => {
    test('a later id published earlier comes after, and a new time moves an article without a second entry', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const save = (
          key: string,
          publishedAt: string,
          status: 'published' | 'draft' = 'published',
          deps: typeof t.site.deps = t.site.deps,
        ) =>
          saveArticle(deps, {
            title: `Đê điều ${key}`,
            sapo: '',
            bodyHtml: '<p>Tin ngắn.</p>',
            byline: '',
            categoryId: news,
            tags: [],
            status,
            publishedAt,
            importKey: `test:${key}`,
          });
        const newest = async (filters: Partial<SearchFilters> = {}) => {
          const page = await searchIndex(t, 'de dieu', { sort: 'newest', ...filters });
          return { ids: page.hits.map((h) => h.id), total: page.total };
        };
        const late = (await save('a', '2024-03-01T08:00:00.000Z')).id;
        const early = (await save('b', '2024-02-01T08:00:00.000Z')).id;
        assert.ok(early > late);
        assert.deepEqual(await newest(), { ids: [late, early], total: 2 });

        await save('a', '2024-01-01T08:00:00.000Z');
        assert.deepEqual(await newest(), { ids: [early, late], total: 2 }, 'moved back, once');
        assert.deepEqual(await newest({ from: '2024-02-01T08:00:00.000Z', to: '2024-02-01T08:00:00.001Z' }), {
          ids: [early],
          total: 1,
        });
        assert.deepEqual(
          await newest({ from: '2024-01-01T08:00:00.001Z', to: '2024-02-01T08:00:00.000Z' }),
          { ids: [], total: 0 },
          'the bounds are exact to the millisecond',
        );
        const archived = (await save('c', '1890-06-01T08:00:00.000Z')).id;
        const scheduled = (await save('d', '2999-01-01T00:00:00.000Z')).id;
        assert.deepEqual(
          await newest(),
          { ids: [early, late, archived], total: 3 },
          'any year, and not before its time',
        );
        assert.deepEqual(await newest({ now: '2999-01-01T00:00:00.000Z' }), {
          ids: [scheduled, early, late, archived],
          total: 4,
        });
        // Published by another process that has not told this one yet (the version is the same): the
        // times this one keeps do not hold it, and it is still found, in its place, and not before its time.
        const quiet = { ...t.site.deps, contentChanged: () => {} };
        const version = t.site.version;
        const unheard = (await save('e', '2024-01-15T08:00:00.000Z', 'published', quiet)).id;
        assert.equal(t.site.version, version);
        assert.deepEqual(await newest(), { ids: [early, unheard, late, archived], total: 4 });
        assert.deepEqual(
          await newest({ from: '2024-01-10T00:00:00.000Z', to: '2024-01-20T00:00:00.000Z' }),
          { ids: [unheard], total: 1 },
          'and within its dates',
        );
        assert.deepEqual(
          await newest({ categoryId: news }),
          { ids: [early, unheard, late, archived], total: 4 },
          'and in its category',
        );
        const elsewhere = await makeCategory(t.site, { slug: 'khac' });
        assert.deepEqual(await newest({ categoryId: elsewhere }), { ids: [], total: 0 }, 'and not in another');
        await save('b', '2024-02-01T08:00:00.000Z', 'draft');
        assert.deepEqual(await newest(), { ids: [unheard, late, archived], total: 3 }, 'a draft leaves the index');
        if (dialect === 'sqlite') {
          const count = async (table: string) =>
            Number(
              (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.site.db.kysely))
                .rows[0]!.n,
            );
          assert.deepEqual(
            [await count('search_fts'), await count('search_titles')],
            [4, 4],
            'one entry per published article in each table',
          );
        }
      } finally {
        await t.close();
      }
    });

    test('a category filter finds the articles of its child categories, and a child only its own', async () => {
      const t = await createTestApp(dialect);
      try {
        const parent = await makeCategory(t.site, { slug: 'kinh-te' });
        const child = await makeCategory(t.site, { slug: 'nong-nghiep', parentSlug: 'kinh-te' });
        const sibling = await makeCategory(t.site, { slug: 'cong-nghiep', parentSlug: 'kinh-te' });
        const other = await makeCategory(t.site, { slug: 'van-hoa' });
        const at = (categoryId: number, title: string, publishedAt: string) =>
          makeArticle(t.site, { categoryId, title, sapo: '', body: '<p>Tin.</p>', publishedAt }).then((a) => a.id);
        const inParent = await at(parent, 'Hợp tác xã kiểu mới', '2024-01-01T08:00:00.000Z');
        const inChild = await at(child, 'Hợp tác xã trồng lúa', '2024-02-01T08:00:00.000Z');
        const inSibling = await at(sibling, 'Hợp tác xã cơ khí', '2024-03-01T08:00:00.000Z');
        await at(other, 'Hợp tác xã làng nghề', '2024-04-01T08:00:00.000Z');
        const ids = async (categoryId: number, extra: Partial<SearchFilters> = {}) =>
          (await searchIndex(t, 'hợp tác xã', { sort: 'newest', categoryId, ...extra })).hits.map((h) => h.id);
        assert.deepEqual(await ids(parent), [inSibling, inChild, inParent]);
        assert.deepEqual(await ids(child), [inChild]);
        assert.deepEqual(await ids(parent, { from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T08:00:00.000Z' }), [
          inChild,
        ]);
        // Moving a child category moves its articles' top-level category, and the filter follows.
        await updateCategory(t.site.deps, actor('admin'), child, {
          name: 'nong-nghiep',
          slug: 'nong-nghiep',
          parentId: other,
        });
        assert.deepEqual(await ids(parent), [inSibling, inParent]);
        assert.equal((await ids(other)).includes(inChild), true);
      } finally {
        await t.close();
      }
    });

    test('articles published at the same moment come highest id first, whatever the window spans', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const at = (title: string, publishedAt: string) =>
          makeArticle(t.site, { categoryId: news, title, publishedAt }).then((a) => a.id);
        const same = [];
        for (const title of ['Đê biển một', 'Đê biển hai', 'Đê biển ba'])
          same.push(await at(title, '2024-05-01T08:00:00.000Z'));
        const older = await at('Đê biển cũ', '2024-04-01T08:00:00.000Z');
        const newest = async () => (await searchIndex(t, 'de bien', { sort: 'newest' })).hits.map((h) => h.id);
        assert.deepEqual(await newest(), [...same].reverse().concat(older));
        // A window over more than 70 years is put in order another way (window-rank.ts, byTime).
        const oldest = await at('Đê biển xưa', '1900-01-01T00:00:00.000Z');
        assert.deepEqual(await newest(), [...same].reverse().concat(older, oldest));
      } finally {
        await t.close();
      }
    });
  });
}

describe('upgrading an existing sqlite site (migration 012)', () => {
  test('the headline index is filled from the index already there, and follows every change after', async () => {
    const t = await createTestApp('sqlite');
    try {
      const db = t.site.db.kysely;
      const { news, headline, body } = await headlineAndBodyMatch(t);
      const draft = await makeArticle(t.site, { categoryId: news, title: 'Thủy lợi nội đồng', status: 'draft' });
      const inTitles = async (q: string) =>
        (
          await sql<{
            id: number;
          }>`select rowid as id from search_titles where search_titles match ${q} order by rowid`.execute(db)
        ).rows.map((r) => r.id);
      const ranked = async () =>
        (await t.app.inject('/api/v1/search?q=thuy+loi')).json().results.map((r: { id: number }) => r.id);

      // As before the migration: the index holds the articles, the headline index does not exist.
      await sql`drop table search_titles`.execute(db);
      await t.site.db.helpers.createSearchTitles(db as Kysely<unknown>);
      assert.deepEqual(await inTitles('"thuy loi"'), [headline.id], 'published headlines only, folded');
      assert.deepEqual(await ranked(), [headline.id, body.id], 'the headline match ranks first though older');

      // Edited, removed and cleared with the main index.
      await t.site.db.search.upsert(
        db,
        buildIndexedDocument({ id: body.id, title: 'Thủy lợi mùa khô', sapo: '', body_html: '<p>Nâng cấp.</p>' }),
      );
      assert.deepEqual(await inTitles('"thuy loi"'), [headline.id, body.id]);
      assert.deepEqual(await inTitles('tuan'), [], 'the old headline is gone');
      await t.site.db.search.remove(db, headline.id);
      assert.deepEqual(await inTitles('"thuy loi"'), [body.id]);
      await reindexAll(t.site.db);
      assert.deepEqual(await inTitles('"thuy loi"'), [headline.id], 'a rebuild restores the stored headlines');
      assert.ok(draft.id > 0);
    } finally {
      await t.close();
    }
  });
});

for (const dialect of backends()) {
  describe(`phrases on ${dialect} rank among their newest matches`, () => {
    test('a phrase whose words are mostly apart still finds its older matches', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const made = async (title: string) =>
          (await makeArticle(t.site, { categoryId: news, title, sapo: '', body: '<p>Tin ngắn.</p>' })).id;
        const adjacent = [];
        for (let i = 0; i < 3; i++) adjacent.push(await made(`Khoa học số ${i}`));
        // Newer articles holding both words apart: PostgreSQL tests the newest holders of the words
        // first (six here, for a window of two), and must go on to older ones.
        for (let i = 0; i < 12; i++) await made(`Khoa ngoại tiếp nhận học viên ${i}`);
        const r = await searchIndex(t, '"khoa học"', { window: 2 });
        assert.deepEqual(
          r.hits.map((h) => h.id),
          [adjacent[2], adjacent[1]],
        );
        assert.deepEqual([r.total, r.capped], [2, true]);
      } finally {
        await t.close();
      }
    });
  });
}

for (const dialect of backends()) {
  describe(`matches far apart in id on ${dialect}`, () => {
    /** The next article gets this id: PostgreSQL asks for matches by blocks of ids, newest first. */
    const nextId = async (t: TestApp, id: number) => {
      if (dialect === 'postgres')
        await sql`select setval(pg_get_serial_sequence('articles', 'id'), ${id - 1})`.execute(t.site.db.kysely);
      else await sql`update sqlite_sequence set seq = ${id - 1} where name = 'articles'`.execute(t.site.db.kysely);
    };

    test('the newest matches come first however far apart, and a rare word is found in the oldest', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const ids: number[] = [];
        // Across every block width: 2^10, 2^13, 2^16 and 2^19 ids.
        for (const [i, id] of [1, 1500, 9_000, 70_000, 524_287, 524_288, 600_001].entries()) {
          if (i > 0) await nextId(t, id);
          const rare = i === 0 ? ' cổ thụ' : '';
          const title = i === 2 ? 'Mùa gặt trên đồng' : `Mua sắm cuối năm ${i}${rare}`;
          ids.push((await makeArticle(t.site, { categoryId: news, title, sapo: '', body: '<p>Tin ngắn.</p>' })).id);
        }
        assert.deepEqual(ids, [1, 1500, 9_000, 70_000, 524_287, 524_288, 600_001]);
        const search = (q: string, window: number, sort: 'relevance' | 'newest' = 'newest') =>
          searchIndex(t, q, { sort, window });
        const two = await search('mua', 2);
        assert.deepEqual(
          two.hits.map((h) => h.id),
          [600_001, 524_288],
        );
        assert.deepEqual([two.total, two.capped], [2, true]);
        const all = await search('mua', 10);
        assert.deepEqual(
          all.hits.map((h) => h.id),
          [...ids].reverse(),
        );
        assert.deepEqual([all.total, all.capped], [7, false]);
        assert.deepEqual(
          (await search('co thu', 10)).hits.map((h) => h.id),
          [1],
          'the only match, below every range asked first',
        );
        assert.deepEqual(
          (await search('mùa', 10, 'relevance')).hits[0]?.id,
          9_000,
          'exact marks rank first across the whole range',
        );
        assert.deepEqual((await search('"mua sam" cuoi', 3, 'relevance')).hits.length, 3);
        // A typo suggestion's word counts (suggest.ts): PostgreSQL counts among the newest ids first.
        const count = (term: { folded: string } | { markKey: string }, cap: number) =>
          t.site.db.search.countTerm(t.site.db.kysely, term, cap);
        assert.deepEqual(
          [await count({ folded: 'mua' }, 3), await count({ folded: 'mua' }, 10), await count({ folded: 'co' }, 10)],
          [3, 7, 1],
          'counted up to the cap, past every range of the newest ids',
        );
        assert.deepEqual(
          [
            await count({ markKey: markKey('mùa')! }, 10),
            await count({ markKey: markKey('sắm')! }, 2),
            await count({ markKey: markKey('sắm')! }, 10),
          ],
          [1, 2, 6],
          'a word with its marks, as often as it is written so',
        );
      } finally {
        await t.close();
      }
    });

    test('with a category or dates, the window is of the matches that pass them, however far apart', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const science = await makeCategory(t.site, { slug: 'khoa-hoc' });
        const made = async (id: number, categoryId: number, title: string, publishedAt: string) => {
          await nextId(t, id);
          return (await makeArticle(t.site, { categoryId, title, sapo: '', body: '<p>Tin.</p>', publishedAt })).id;
        };
        // Science's phrase matches are far apart, under many newer ones in news; "cơ chế" also
        // stands apart ("chế độ ... cơ sở") in science, which the phrase must not find.
        const phrase = [await made(2_000, science, 'Cơ chế tài chính 2019', '2019-03-01T00:00:00Z')];
        const apart = await made(9_000, science, 'Chế độ mới cho cơ sở', '2019-06-01T00:00:00Z');
        phrase.push(await made(70_000, science, 'Cơ chế đặc thù 2020', '2020-03-01T00:00:00Z'));
        for (let id = 600_000; id < 600_012; id++) await made(id, news, `Cơ chế khoán ${id}`, '2021-01-01T00:00:00Z');
        t.site.contentChanged();
        const inScience = await searchIndex(t, '"cơ chế"', { categoryId: science, sort: 'newest', window: 5 });
        assert.deepEqual(
          inScience.hits.map((h) => h.id),
          [...phrase].reverse(),
        );
        assert.deepEqual([inScience.total, inScience.capped], [2, false]);
        const in2019 = await searchIndex(t, 'co che', {
          from: '2019-01-01T00:00:00Z',
          to: '2020-01-01T00:00:00Z',
          sort: 'newest',
          window: 5,
        });
        assert.deepEqual(
          in2019.hits.map((h) => h.id),
          [apart, phrase[0]],
          'the words apart count without quotes',
        );
        const news2 = await searchIndex(t, '"cơ chế"', { categoryId: news, sort: 'newest', window: 3 });
        assert.deepEqual([news2.hits.length, news2.total, news2.capped], [3, 3, true], 'a full window stops');
      } finally {
        await t.close();
      }
    });

    test('the newest matches are all found when they thin out below a dense run', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const made = async (id: number) => {
          await nextId(t, id);
          return (
            await makeArticle(t.site, { categoryId: news, title: `Mùa lúa ${id}`, sapo: '', body: '<p>Tin.</p>' })
          ).id;
        };
        // PostgreSQL sizes each next range of ids by how many matches the last one held: twenty in
        // the newest 4,096 ids say that 1,024 more hold the last two; they do not.
        const ids = [await made(3_000), await made(14_000)];
        for (let id = 20_000; id < 20_020; id++) ids.push(await made(id));
        const found = await searchIndex(t, 'mua lua', { sort: 'newest', limit: 30, window: 22 });
        assert.deepEqual(
          found.hits.map((h) => h.id),
          [...ids].reverse(),
        );
        assert.deepEqual([found.total, found.capped], [22, false]);
      } finally {
        await t.close();
      }
    });

    test('a phrase of three words or more needs them in order, not its pairs of words apart', async () => {
      const t = await createTestApp(dialect);
      try {
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const made = async (title: string, body: string) =>
          (await makeArticle(t.site, { categoryId: news, title, sapo: '', body: `<p>${body}</p>` })).id;
        const phrase = await made('Nông nghiệp sạch lên ngôi', 'Nhiều hộ chuyển đổi.');
        // "nông nghiệp" and "nghiệp sạch" both here, "nông nghiệp sạch" not.
        await made('Phát triển nông nghiệp', 'Doanh nghiệp sạch được khen.');
        const code = await made('Thực hiện Nghị quyết 22-NQ/TW', 'Tổng kết.');
        await made('Nghị quyết 22 NQ mới', 'Xem thêm NQ TW.');
        const api = (q: string) => resultIds(t, q);
        assert.deepEqual(await api('"nông nghiệp sạch"'), [phrase]);
        assert.deepEqual(await api('"nong nghiep sach"'), [phrase]);
        assert.deepEqual(await api('22-NQ/TW'), [code]);
        assert.deepEqual(await api('"doanh nghiệp sạch"'), [phrase + 1], 'the same words in order are found');
      } finally {
        await t.close();
      }
    });
  });
}

if (backends().includes('postgres')) {
  describe('upgrading an existing postgres site (migration 059)', () => {
    test('prefixes and id blocks are made from the vectors already there, as indexing makes them', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const phrase = (
          await makeArticle(t.site, {
            categoryId: news,
            title: 'Khoa học và công nghệ',
            sapo: 'Đổi mới sáng tạo.',
            body: '<p>Nghị quyết 22-NQ/TW ngày 23/05/2018; khoa học, công nghệ!</p>',
          })
        ).id;
        await makeArticle(t.site, { categoryId: news, title: 'Học khoa mới', body: '<p>Khoa ngoại, học viên.</p>' });
        const vectors = async () =>
          (
            await sql<{ id: number; doc: string; marks: string }>`select article_id as id, doc::text as doc,
              marks::text as marks from search_documents order by article_id`.execute(db)
          ).rows;
        const api = (q: string) => resultIds(t, q);
        const written = await vectors();
        for (const lexeme of ['__k', '__kh', '__2', '__22', '_a0', '_b0', '_c0', '_d0'])
          assert.ok(written[0]!.doc.includes(`'${lexeme}'`), lexeme);
        for (const block of ['_a0', '_b0', '_c0', '_d0']) assert.ok(written[0]!.marks.includes(`'${block}'`), block);
        assert.doesNotMatch(written[0]!.marks, /:\d/, 'marks keep no positions');

        // As before the migration: no lexeme with an underscore.
        await sql`update search_documents set
          doc = ts_delete(doc, array(select lexeme from unnest(doc) where strpos(lexeme, '_') > 0)),
          marks = ts_delete(marks, array(select lexeme from unnest(marks) where strpos(lexeme, '_') > 0))`.execute(db);
        assert.doesNotMatch((await vectors())[0]!.doc, /_/);
        await t.site.db.helpers.addSearchBlocks(db as Kysely<unknown>);
        assert.deepEqual(await vectors(), written, 'the same lexemes as indexing writes');
        t.site.contentChanged();
        assert.deepEqual(await api('"khoa học"'), [phrase]);
        assert.deepEqual(await api('22 NQ TW'), [phrase]);
        assert.deepEqual((await api('khoa h')).sort(), [phrase, phrase + 1].sort(), 'a short prefix finds both');
      } finally {
        await t.close();
      }
    });
  });

  describe('postgres: the leads written while indexing', () => {
    test('are what the upgrade makes from the index: 64 positions, headline first, across both', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `k${from + i}`).join(' ');
        const long = 'x'.repeat(3000); // too long to be a lexeme: it takes no position
        for (const [title, body] of [
          [words(5), words(100, 5)],
          [words(70), words(10, 70)],
          [words(64), words(3, 64)],
          [words(3), `${words(58, 3)} ${long} ${words(5, 61)}`],
          ['Tin', words(80)],
        ])
          await makeArticle(t.site, { categoryId: news, title, sapo: '', body: `<p>${body}</p>` });
        const leads = () => searchLeads(db);
        const written = await leads();
        assert.equal(written.length, 5);
        assert.match(written[0]!.lead, /'k63':64(?!\d)/, 'the body fills the lead up to position 64');
        assert.doesNotMatch(written[0]!.lead, /'k64'/);
        assert.doesNotMatch(written[1]!.lead, /'k64'/, 'a long headline fills it alone');
        assert.match(written[3]!.lead, /'k63':64(?!\d)/, 'the word too long to index takes no position');
        await sql`drop table search_leads`.execute(db);
        await t.site.db.helpers.createSearchLeads(db as Kysely<unknown>);
        assert.deepEqual(await leads(), written);
      } finally {
        await t.close();
      }
    });
  });

  describe('upgrading an existing postgres site (migration 060)', () => {
    test('the search functions are made again as the code has them', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const { headline, body } = await headlineAndBodyMatch(t);
        const found = async () => (await searchIndex(t, 'thuy loi')).hits.map((h) => h.id);
        // A stand-in for the version an older site has, that the migration must replace.
        await sql`create or replace function search_newest(q tsquery, phrases tsquery, mask bit, n integer)
          returns integer[] language sql stable as $$ select '{}'::integer[] $$`.execute(db);
        assert.deepEqual(await found(), []);
        await t.site.db.helpers.replaceSearchLookups(db as Kysely<unknown>);
        assert.deepEqual(await found(), [headline.id, body.id]);
      } finally {
        await t.close();
      }
    });
  });

  describe('upgrading an existing postgres site (migrations 061 to 063)', () => {
    test('one index over both vectors replaces one each, lookups return arrays, the window reads an index', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const { news, headline, body } = await headlineAndBodyMatch(t);
        const unmarked = await makeArticle(t.site, {
          categoryId: news,
          title: 'Thuy loi mua kho',
          sapo: '',
          body: '<p>Viet khong dau.</p>',
        });
        const indexes = async (table: string) =>
          (
            await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
              where schemaname = current_schema() and tablename = ${table} order by indexname`.execute(db)
          ).rows;
        const functions = async () =>
          (
            await sql<{ f: string }>`select p.proname || ': ' || pg_get_function_result(p.oid) as f from pg_proc p
              where p.pronamespace = current_schema()::regnamespace and starts_with(p.proname, 'search_') order by 1`.execute(
              db,
            )
          ).rows.map((r) => r.f);
        const written = { documents: await indexes('search_documents'), articles: await indexes('articles') };
        const lookups = await functions();
        assert.deepEqual(
          written.documents.map((i) => i.name),
          ['search_documents_pkey', 'search_documents_vectors'],
        );
        assert.match(written.documents[1]!.def, /gin \(doc, marks\)/);
        assert.ok(
          written.articles.some((i) =>
            /\(id\) INCLUDE \(status, published_at, category_id, root_category_id\)/.test(i.def),
          ),
        );
        // Exact marks first: without them the unmarked headline would rank above the body match.
        const ranked = [headline.id, body.id, unmarked.id];
        assert.deepEqual(await resultIds(t, 'thủy lợi'), ranked);

        // As before migration 061: an index per vector, lookups returning sets, the marks asked alone.
        await sql`drop index search_documents_vectors`.execute(db);
        await sql`create index search_documents_doc on search_documents using gin (doc)`.execute(db);
        await sql`create index search_documents_marks on search_documents using gin (marks)`.execute(db);
        await sql`drop function search_newest(tsquery, tsquery, bit, integer)`.execute(db);
        await sql`drop function search_exact_between(tsquery, tsquery, integer, integer)`.execute(db);
        await sql`create function search_newest(q tsquery, n integer) returns setof integer
          language sql stable as $$ select 0 where false $$`.execute(db);
        await sql`create function search_marks_between(q tsquery, lo integer, hi integer) returns setof integer
          language sql stable as $$ select 0 where false $$`.execute(db);
        // And before 062: the window's status and time from the articles' rows; before 063: a filtered
        // window found by one lookup.
        await sql`drop index articles_search_candidates`.execute(db);
        await sql`drop index articles_published_ids`.execute(db);
        await sql`drop function search_newest_filtered`.execute(db);

        await t.site.db.helpers.mergeSearchIndexes(db as Kysely<unknown>);
        await t.site.db.helpers.createSearchWindowIndex(db as Kysely<unknown>);
        await t.site.db.helpers.createSearchFilteredLookups(db as Kysely<unknown>);
        assert.deepEqual(await indexes('search_documents'), written.documents);
        assert.deepEqual(await indexes('articles'), written.articles);
        assert.deepEqual(await functions(), lookups, 'the same functions as a new site has, and no other');
        t.site.contentChanged();
        assert.deepEqual(await resultIds(t, 'thủy lợi'), ranked);
        assert.deepEqual(
          (await searchIndex(t, 'thủy lợi', { categoryId: news, from: '2000-01-01T00:00:00Z' })).hits.map((h) => h.id),
          ranked,
          'a filtered window too',
        );
      } finally {
        await t.close();
      }
    });
  });

  describe('upgrading an existing postgres site (migration 050)', () => {
    test('the leads are filled from the index already there, and follow every change after', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const { headline, body } = await headlineAndBodyMatch(t);
        const leads = () => searchLeads(db);
        const ranked = async () =>
          (await t.app.inject('/api/v1/search?q=thuy+loi')).json().results.map((r: { id: number }) => r.id);
        const written = await leads();

        // As before the migration: the index holds the articles, the leads and lookups do not exist.
        await sql`drop table search_leads`.execute(db);
        for (const f of ['search_newest', 'search_doc_between', 'search_exact_between'])
          await sql`drop function ${sql.raw(f)}`.execute(db);
        await t.site.db.helpers.createSearchLeads(db as Kysely<unknown>);
        assert.deepEqual(await leads(), written, 'filled as indexing writes them');
        assert.match(written[0]!.lead, /'thuy':1A/, 'headline terms weigh A');
        assert.deepEqual(await ranked(), [headline.id, body.id], 'the headline match ranks first though older');

        // Edited and removed with the main index.
        await t.site.db.search.upsert(
          db,
          buildIndexedDocument({ id: body.id, title: 'Thủy lợi mùa khô', sapo: '', body_html: '<p>Nâng cấp.</p>' }),
        );
        assert.match((await leads())[1]!.lead, /'thuy':1A/);
        await t.site.db.search.remove(db, headline.id);
        assert.deepEqual(
          (await leads()).map((l) => l.id),
          [body.id],
        );
        await reindexAll(t.site.db);
        assert.equal((await leads()).length, 2, 'a rebuild writes every lead again');
      } finally {
        await t.close();
      }
    });
  });
}

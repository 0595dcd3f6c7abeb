import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/cli.js';
import { afterAction } from './support/client.js';
import { backends } from './support/databases.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DIR = fileURLToPath(new URL('./fixtures/wordpress/', import.meta.url));
const SITE = path.join(DIR, 'site.xml');
const UPLOADS = path.join(DIR, 'uploads');

/** Every table the importer writes, as rows: "nothing written" and "nothing changed" are comparisons of this. */
const TABLES = [
  'articles',
  'article_tags',
  'tags',
  'categories',
  'comments',
  'users',
  'media',
  'redirects',
  'wordpress_items',
] as const;

async function snapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await t.database.handle.kysely.selectFrom(table).selectAll().execute();
  for (const rows of Object.values(out)) rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out;
}

async function rowCount(t: TestApp): Promise<number> {
  return Object.values(await snapshot(t)).reduce((n, rows) => n + rows.length, 0);
}

for (const dialect of backends()) {
  describe(`toasoan import-wordpress on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    let env: Record<string, string>;
    let entries: { wp_id: number; type: string; id: number; url: string | null }[] = [];
    let summary = '';
    const byWp = (id: number) => entries.find((e) => e.wp_id === id)!;
    const article = (wpId: number) =>
      t.database.handle.kysely
        .selectFrom('articles')
        .selectAll()
        .where('id', '=', byWp(wpId).id)
        .executeTakeFirstOrThrow();

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-wp-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dataDir, PAGE_CACHE_SECONDS: '0' } });
      env = { DATABASE_URL: t.database.url, DATA_DIR: dataDir };
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    for (const [file, reason] of [
      ['entity-expansion.xml', /DOCTYPE declarations are refused/],
      ['external-entity.xml', /DOCTYPE declarations are refused/],
      ['malformed.xml', /closing tag|wp:post_type|tag/i],
    ] as const) {
      test(`${file} is refused with FILE:LINE and nothing is written`, async () => {
        const res = await runCli(['import-wordpress', path.join(DIR, file)], env);
        assert.equal(res.code, 1, res.stderr);
        const line = file === 'malformed.xml' ? 7 : 2;
        assert.match(res.stderr, new RegExp(`${file.replace('.', '\\.')}:${line}: `));
        assert.match(res.stderr, reason);
        assert.doesNotMatch(res.stderr, /root:|ha ha ha/);
        assert.equal(await rowCount(t), 0);
      });
    }

    test('imports posts and pages, one JSON line each, with a summary of what was left behind', async () => {
      const res = await runCli(['import-wordpress', SITE, '--uploads', UPLOADS, '--json'], env);
      assert.equal(res.code, 0, res.stderr);
      entries = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as (typeof entries)[number]);
      summary = res.stderr;
      assert.deepEqual(
        entries.map((e) => [e.wp_id, e.type]),
        [
          [10, 'post'],
          [11, 'post'],
          [12, 'post'],
          [13, 'post'],
          [14, 'post'],
          [20, 'page'],
          [21, 'page'],
        ],
      );
      assert.match(byWp(10).url!, /^\/mien-trung\/cau-rong-phun-lua-diem-hen-cuoi-tuan-\d+\.html$/);
      for (const notPublic of [12, 13, 14]) assert.equal(byWp(notPublic).url, null);
      assert.match(summary, /post: 5 created/);
      assert.match(summary, /page: 2 created/);
      assert.match(summary, /comment: 5 created/);
      assert.match(summary, /attachment: 3 created/);
      assert.match(summary, /skipped 1 × post: status private/);
      assert.match(summary, /skipped 1 × post: status trash/);
      assert.match(summary, /skipped 1 × comment: spam/);
      assert.match(summary, /skipped 1 × comment: trash/);
      assert.match(summary, /\[embed\] × 1, \[contact-form-7\] × 1/);
      assert.match(
        summary,
        /missing file: https:\/\/cu\.example\.vn\/wp-content\/uploads\/2024\/05\/den-long-bi-mat\.jpg/,
      );
    });

    test('statuses and times: published, scheduled, draft from the Vietnam local time, pending → submitted', async () => {
      const published = await article(10);
      assert.equal(published.status, 'published');
      assert.equal(published.published_at, '2024-05-03T12:30:00.000Z');
      const scheduled = await article(12);
      assert.equal(scheduled.status, 'published');
      assert.equal(scheduled.schedule_pending, 1);
      assert.equal(scheduled.published_at, '2099-06-01T01:00:00.000Z');
      const draft = await article(13);
      assert.equal(draft.status, 'draft');
      assert.equal(draft.published_at, null);
      // 0000-00-00 in post_date_gmt: 09:15 in Vietnam is 02:15 UTC.
      assert.equal(draft.created_at, '2024-05-20T02:15:00.000Z');
      assert.equal((await article(14)).status, 'submitted');
    });

    test('content: sanitised, paragraphs, caption → figure, gallery, old upload URLs rewritten, unknown shortcodes kept', async () => {
      const a = await article(10);
      assert.equal(a.title, 'Cầu Rồng phun lửa – điểm hẹn cuối tuần');
      assert.equal(a.sapo, 'Lịch phun lửa của Cầu Rồng, Đà Nẵng, dịp cuối tuần.');
      assert.equal(a.byline, 'Trần Văn Đức');
      assert.doesNotMatch(a.body_html, /<script|onclick|more|wp-content/);
      assert.match(a.body_html, /<p>Mỗi tối thứ Bảy và Chủ nhật, Cầu Rồng phun lửa và phun nước\.<br \/>\nDu khách/);
      assert.match(
        a.body_html,
        /<figure><img src="\/media\/[a-f0-9]{24}\.jpg"[^>]*alt="Cầu Rồng phun lửa về đêm"[^>]*\/><figcaption>Cầu Rồng nhìn từ bờ Đông sông Hàn<\/figcaption><\/figure>/,
      );
      // The gallery's two images, the second a PNG.
      assert.match(a.body_html, /<figure><img src="\/media\/[a-f0-9]{24}\.png"/);
      assert.match(a.body_html, /\[embed\]https:\/\/video\.example\.vn\/cau-rong\[\/embed\]/);
      assert.match(a.body_html, /\[contact-form-7 id="5" title="Liên hệ"\]/);
      assert.ok(a.cover_media_id, 'the featured image is the cover');
      const cover = await t.database.handle.kysely
        .selectFrom('media')
        .selectAll()
        .where('id', '=', a.cover_media_id)
        .executeTakeFirstOrThrow();
      assert.equal(cover.alt, 'Cầu Rồng phun lửa về đêm');

      const b = await article(11);
      // A size WordPress made (-300x200) is found as its original; the missing one stays pointing at the old address.
      assert.match(b.body_html, /<img src="\/media\/[a-f0-9]{24}\.jpg"[^>]*alt="Phố cổ Hội An"/);
      assert.match(
        b.body_html,
        /<a href="https:\/\/cu\.example\.vn\/wp-content\/uploads\/2024\/05\/den-long-bi-mat\.jpg"[^>]*>Đèn lồng<\/a>/,
      );
    });

    test('categories keep their hierarchy; a post in two categories keeps the second as a tag', async () => {
      const cats = await t.database.handle.kysely.selectFrom('categories').selectAll().execute();
      const bySlug = new Map(cats.map((c) => [c.slug, c]));
      assert.equal(bySlug.get('mien-trung')!.parent_id, bySlug.get('du-lich')!.id);
      assert.equal(bySlug.get('van-hoa')!.name, 'Văn hóa');
      assert.equal(bySlug.get('du-lich')!.description, 'Điểm đến khắp ba miền');
      assert.equal(bySlug.get('trang')!.in_menu, 0);
      const a = await article(10);
      assert.equal(a.category_id, bySlug.get('mien-trung')!.id);
      const tags = await t.database.handle.kysely
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select('tags.name')
        .where('article_id', '=', a.id)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        tags.map((r) => r.name),
        ['Đà Nẵng', 'Lễ hội', 'Thời sự'],
      );
      assert.equal(bySlug.get('mien-trung')!.published_count, 1);
    });

    test('authors become staff without a password; pages keep their parent', async () => {
      const users = await t.database.handle.kysely.selectFrom('users').selectAll().orderBy('email').execute();
      assert.deepEqual(
        users.map((u) => [u.email, u.display_name, u.role, u.password_hash]),
        [
          ['bientap@cu.example.vn', 'Nguyễn Thị Hồng', 'author', null],
          ['phongvien@cu.example.vn', 'Trần Văn Đức', 'author', null],
        ],
      );
      assert.equal((await article(10)).author_id, users[1]!.id);
      const page = await article(21);
      assert.match(byWp(21).url!, /^\/trang\/lich-su-hinh-thanh-\d+\.html$/);
      const map = await t.database.handle.kysely
        .selectFrom('wordpress_items')
        .selectAll()
        .where('kind', '=', 'page')
        .where('local_id', '=', page.id)
        .executeTakeFirstOrThrow();
      assert.equal(map.wp_parent, 20);
    });

    test('comments sit under the right article in the right thread; spam and trash are out; no IPs', async () => {
      const rows = await t.database.handle.kysely
        .selectFrom('comments')
        .selectAll()
        .where('article_id', '=', byWp(10).id)
        .orderBy('created_at')
        .execute();
      const by = new Map(rows.map((r) => [r.body, r]));
      const top = by.get('Tuần trước tôi đã xem, rất đẹp!')!;
      assert.equal(top.parent_id, null);
      assert.equal(top.author_email, 'tuan@ban-doc.example.vn');
      assert.equal(by.get('Anh đứng ở đâu để xem rõ nhất ạ?')!.parent_id, top.id);
      // Third level: flattened under the top of its thread.
      assert.equal(by.get('Chị đứng ở đầu cầu phía đường Trần Hưng Đạo nhé.')!.parent_id, top.id);
      // Its parent was spam: it moves up to the top level rather than being lost.
      assert.equal(by.get('Trả lời nhầm chỗ, nhưng tôi cũng muốn hỏi giờ phun lửa.')!.parent_id, null);
      assert.equal(by.get('Có thu phí gửi xe không?')!.status, 'pending');
      assert.equal(rows.length, 5);
      assert.ok(rows.every((r) => r.ip === ''));
      assert.equal(top.created_at, '2024-05-03T13:00:00.000Z');

      const page = await t.app.inject({ url: byWp(10).url! });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Chị đứng ở đầu cầu phía đường Trần Hưng Đạo nhé\./);
      assert.doesNotMatch(page.body, /Mua ngay|Có thu phí gửi xe/);
    });

    test('old addresses answer 301 with the new URL', async () => {
      const cases: [string, string][] = [
        ['/2024/05/cau-rong-phun-lua/', byWp(10).url!],
        ['/2024/05/cau-rong-phun-lua', byWp(10).url!],
        ['/?p=10', byWp(10).url!],
        ['/2024/05/%C4%91%C3%AAm-ph%E1%BB%91-h%E1%BB%99i-an/', byWp(11).url!],
        ['/ve-chung-toi/', byWp(20).url!],
        ['/ve-chung-toi/lich-su/', byWp(21).url!],
        ['/?page_id=21', byWp(21).url!],
        ['/category/du-lich/', '/du-lich'],
        ['/category/du-lich/mien-trung/', '/mien-trung'],
        ['/category/v%c4%83n-h%c3%b3a/', '/van-hoa'],
      ];
      for (const [old, target] of cases) {
        const res = await t.app.inject({ url: old });
        assert.equal(res.statusCode, 301, old);
        assert.equal(res.headers.location, target, old);
        assert.equal((await t.app.inject({ url: target })).statusCode, 200, target);
      }
      // Not public, so not redirected; and an unknown address is still a 404.
      assert.equal((await t.app.inject({ url: '/?p=13' })).statusCode, 200);
      assert.equal((await t.app.inject({ url: '/2024/05/khong-co/' })).statusCode, 404);
    });

    test('a second import changes nothing', async () => {
      const before = await snapshot(t);
      const res = await runCli(['import-wordpress', SITE, '--uploads', UPLOADS, '--json'], env);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /post: 0 created, 0 updated, 5 unchanged/);
      assert.deepEqual(
        res.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown),
        entries,
      );
      assert.deepEqual(await snapshot(t), before);
    });

    test('a changed post and a new comment update in place, never duplicate', async () => {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const changed = path.join(dataDir, 'changed.xml');
      writeFileSync(
        changed,
        readFileSync(SITE, 'utf8')
          .replace('Thành lập năm 1997.', 'Thành lập năm 1997, đổi tên năm 2008.')
          .replace(
            '<wp:post_type><![CDATA[page]]></wp:post_type>\n\t</item>\n\t<item>\n\t\t<title><![CDATA[Trang chủ]]>',
            `<wp:post_type><![CDATA[page]]></wp:post_type>
<wp:comment><wp:comment_id>40</wp:comment_id><wp:comment_author>Hoàng Yến</wp:comment_author><wp:comment_date_gmt>2024-06-01 01:00:00</wp:comment_date_gmt><wp:comment_content>Cảm ơn ban biên tập.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
	</item>
	<item>
		<title><![CDATA[Trang chủ]]>`,
          ),
      );
      const countOf = async (table: 'articles' | 'comments') =>
        (await t.database.handle.kysely.selectFrom(table).select('id').execute()).length;
      const [articles, comments] = [await countOf('articles'), await countOf('comments')];
      const res = await runCli(['import-wordpress', changed, '--uploads', UPLOADS], env);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /page: 0 created, 1 updated, 1 unchanged/);
      assert.equal(await countOf('articles'), articles);
      assert.equal(await countOf('comments'), comments + 1);
      assert.match((await article(21)).body_html, /đổi tên năm 2008/);
    });

    test('staff see and edit the redirects in the back office', async () => {
      const { client } = await signedIn(t, 'editor', 'Biên tập Mai');
      const list = await client.get('/quan-tri/chuyen-huong?q=ve-chung-toi');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /\/ve-chung-toi\/lich-su/);
      const row = await t.database.handle.kysely
        .selectFrom('redirects')
        .selectAll()
        .where('old_path', '=', '/ve-chung-toi/lich-su')
        .executeTakeFirstOrThrow();
      const form = await client.get(`/quan-tri/chuyen-huong/${row.id}`);
      assert.equal(form.statusCode, 200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const bad = await client.post(`/quan-tri/chuyen-huong/${row.id}`, {
        _csrf: csrf,
        oldPath: '/ve-chung-toi/lich-su/',
        target: 'javascript:alert(1)',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Địa chỉ mới phải là đường dẫn trong trang/);
      const ok = await client.post(`/quan-tri/chuyen-huong/${row.id}`, {
        _csrf: csrf,
        oldPath: '/ve-chung-toi/lich-su/',
        target: byWp(20).url!,
      });
      await afterAction(client, ok, '/quan-tri/chuyen-huong', 'Đã lưu chuyển hướng.');
      const res = await t.app.inject({ url: '/ve-chung-toi/lich-su/' });
      assert.equal(res.headers.location, byWp(20).url);
      const audit = await t.database.handle.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'redirect.update')
        .execute();
      assert.equal(audit.length, 1);
      const gone = await client.post(`/quan-tri/chuyen-huong/${row.id}/xoa`, { _csrf: csrf });
      await afterAction(client, gone, '/quan-tri/chuyen-huong', 'Đã xóa chuyển hướng.');
      assert.equal((await t.app.inject({ url: '/ve-chung-toi/lich-su/' })).statusCode, 404);
      const { client: author } = await signedIn(t, 'author', 'Phóng viên Nam');
      assert.equal((await author.get('/quan-tri/chuyen-huong')).statusCode, 403);
    });
  });
}

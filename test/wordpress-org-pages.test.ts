import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from './support/cli.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A page item of a WXR file. */
function page(id: number, slug: string, title: string, body: string, status = 'publish'): string {
  return `<item><title><![CDATA[${title}]]></title><link>https://cu.example.vn/${slug}/</link>
<dc:creator>bientap</dc:creator><content:encoded><![CDATA[${body}]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2024-05-01 01:00:00</wp:post_date_gmt><wp:post_name><![CDATA[${slug}]]></wp:post_name>
<wp:status>${status}</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>page</wp:post_type></item>`;
}

const EXPORT = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Sở thử nghiệm</title><link>https://cu.example.vn</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>bientap</wp:author_login><wp:author_email>bientap@cu.example.vn</wp:author_email><wp:author_display_name><![CDATA[Ban biên tập]]></wp:author_display_name></wp:author>
${page(50, 'lien-he', 'Liên hệ với Sở', '<p>Số 2 đường Trần Phú, Đà Lạt.</p><script>alert(1)</script>')}
${page(51, 'gioi-thieu', 'Về Sở', 'Sở được thành lập năm 1976.')}
${page(54, 've-chung-toi', 'Giới thiệu', 'Chỉ tiêu đề là Giới thiệu: vẫn là trang thường.')}
${page(55, 'co-cau-to-chuc', 'Cơ cấu tổ chức', 'Các phòng ban.')}
${page(56, 'phong-ke-hoach', 'Phòng Kế hoạch', 'Dưới trang cơ cấu.').replace('<wp:post_parent>0', '<wp:post_parent>55')}
${page(52, 'lanh-dao', 'Lãnh đạo Sở', 'Giám đốc và các Phó Giám đốc.')}
${page(53, 'chuc-nang-nhiem-vu', 'Chức năng, nhiệm vụ', 'Bản nháp chưa đăng.', 'draft')}
</channel></rss>
`;

for (const dialect of backends()) {
  describe(`WordPress pages that are the organisation's own (${dialect})`, () => {
    let t: TestApp;
    let dir: string;
    let env: Record<string, string>;
    const file = () => path.join(dir, 'pages.xml');
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-wp-org-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dir, PAGE_CACHE_SECONDS: '0' } });
      env = { DATABASE_URL: t.database.url, DATA_DIR: dir };
      writeFileSync(file(), EXPORT);
      // The site has written its leaders' page itself: an import never overwrites it.
      await t.database.handle.kysely
        .insertInto('org_pages')
        .values({
          page: 'leaders',
          lang: 'vi',
          title: 'Lãnh đạo',
          body_html: '<p>Do Sở tự viết.</p>',
          updated_at: '2024-01-01T00:00:00.000Z',
        })
        .execute();
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('fill the organisation pages named by their slug, keep the site’s own text, and redirect their old addresses', async () => {
      const res = await runCli(['import-wordpress', file(), '--json'], env);
      assert.equal(res.code, 0, res.stderr);
      const entries = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { wp_id: number; type: string; id: number | null; url: string | null });
      const byWp = (id: number) => entries.find((e) => e.wp_id === id)!;
      assert.deepEqual(byWp(50), { wp_id: 50, type: 'page', id: null, url: '/lien-he' });
      assert.deepEqual(byWp(51), { wp_id: 51, type: 'page', id: null, url: '/gioi-thieu' });
      assert.equal(typeof byWp(52).id, 'number', 'the leaders page the site wrote stays; this one is a plain page');
      assert.equal(byWp(53).url, null, 'a draft is no organisation page');
      assert.equal(typeof byWp(54).id, 'number', 'a title alone makes no organisation page');
      assert.equal(typeof byWp(55).id, 'number', 'a page with pages under it stays a plain page, with them');
      assert.deepEqual(
        entries.map((e) => e.wp_id),
        [50, 51, 54, 55, 56, 52, 53],
        'in the order of the file',
      );
      assert.match(res.stderr, /organisation page: 2 created, 0 updated, 0 unchanged/);

      const contact = await t.app.inject('/lien-he');
      assert.equal(contact.statusCode, 200);
      assert.match(contact.body, /Liên hệ với Sở/);
      assert.match(contact.body, /Số 2 đường Trần Phú, Đà Lạt\./);
      assert.doesNotMatch(contact.body, /alert\(1\)/);
      assert.match((await t.app.inject('/gioi-thieu')).body, /Sở được thành lập năm 1976\./);
      const leaders = await t.app.inject('/lanh-dao');
      assert.match(leaders.body, /Do Sở tự viết\./);
      assert.doesNotMatch(leaders.body, /Giám đốc và các Phó Giám đốc/);

      // The old permalink of the contact page is the new address already.
      assert.match((await t.app.inject('/lien-he/')).body, /Số 2 đường Trần Phú/);
      for (const [old, target] of [
        ['/?page_id=50', '/lien-he'],
        ['/?page_id=51', '/gioi-thieu'],
      ]) {
        const r = await t.app.inject(old!);
        assert.equal(r.statusCode, 301, old);
        assert.equal(r.headers.location, target, old);
      }
      assert.equal((await t.app.inject('/?page_id=52')).headers.location, byWp(52).url);
    });

    test('the same file again changes nothing; a changed page updates its organisation page', async () => {
      const rows = async () =>
        await t.database.handle.kysely.selectFrom('org_pages').selectAll().orderBy('page').execute();
      const before = await rows();
      const again = await runCli(['import-wordpress', file()], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /organisation page: 0 created, 0 updated, 2 unchanged/);
      assert.deepEqual(await rows(), before);

      writeFileSync(file(), EXPORT.replace('Trần Phú', 'Trần Hưng Đạo'));
      const changed = await runCli(['import-wordpress', file()], env);
      assert.equal(changed.code, 0, changed.stderr);
      assert.match(changed.stderr, /organisation page: 0 created, 1 updated, 1 unchanged/);
      assert.match((await t.app.inject('/lien-he')).body, /Số 2 đường Trần Hưng Đạo/);
    });

    test('the export carries the organisation pages, and imported into an empty site they fill the same pages', async () => {
      const exported = path.join(dir, 'export.xml');
      const res = await runCli(['export-wordpress', exported], env);
      assert.equal(res.code, 0, res.stderr);
      const empty = await createTestApp(dialect, { env: { DATA_DIR: dir, PAGE_CACHE_SECONDS: '0' } });
      try {
        const back = await runCli(['import-wordpress', exported], { DATABASE_URL: empty.database.url, DATA_DIR: dir });
        assert.equal(back.code, 0, back.stderr);
        assert.match(back.stderr, /organisation page: 3 created/, 'contact, introduction and the site’s own leaders');
        const rows = async (app: TestApp) =>
          await app.database.handle.kysely
            .selectFrom('org_pages')
            .select(['page', 'title', 'body_html'])
            .orderBy('page')
            .execute();
        assert.deepEqual(await rows(empty), await rows(t));
        assert.match((await empty.app.inject('/lien-he')).body, /Số 2 đường Trần Hưng Đạo/);
      } finally {
        await empty.close();
      }
    });
  });
}

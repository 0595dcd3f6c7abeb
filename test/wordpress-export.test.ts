import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/cli.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DIR = fileURLToPath(new URL('./fixtures/wordpress/', import.meta.url));
const SITE_URL = 'https://moi.example.vn';

/** What "the same site" means after a round trip: content, threads and categories, not ids or media hashes. */
async function contentOf(t: TestApp) {
  const db = t.database.handle.kysely;
  const categories = await db
    .selectFrom('categories as c')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .select(['c.slug', 'c.name', 'c.description', 'c.in_menu', 'c.published_count', 'p.slug as parent'])
    .orderBy('c.slug')
    .execute();
  const articles = (
    await db
      .selectFrom('articles as a')
      .innerJoin('categories as c', 'c.id', 'a.category_id')
      .leftJoin('users as u', 'u.id', 'a.author_id')
      .select([
        'a.title',
        'a.slug',
        'a.sapo',
        'a.body_html',
        'a.status',
        'a.published_at',
        'a.schedule_pending',
        'a.byline',
        'c.slug as category',
        'u.email as author',
      ])
      .orderBy('a.title')
      .execute()
  ).map((a) => ({ ...a, body_html: a.body_html.replace(/\/media\/[a-f0-9]{24}/g, '/media/…') }));
  const comments = await db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .leftJoin('comments as p', 'p.id', 'c.parent_id')
    .select(['a.title', 'c.author_name', 'c.author_email', 'c.body', 'c.status', 'c.created_at', 'p.body as parent'])
    .orderBy('c.created_at')
    .execute();
  return { categories, articles, comments };
}

for (const dialect of backends()) {
  describe(`toasoan export-wordpress on ${dialect}`, () => {
    let from: TestApp;
    let to: TestApp;
    let work: string;
    const envOf = (t: TestApp, dataDir: string) => ({
      DATABASE_URL: t.database.url,
      DATA_DIR: dataDir,
      SITE_URL,
    });

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'toasoan-wp-export-'));
      from = await createTestApp(dialect, { env: { DATA_DIR: path.join(work, 'from') } });
      to = await createTestApp(dialect, { env: { DATA_DIR: path.join(work, 'to') } });
      const res = await runCli(
        ['import-wordpress', path.join(DIR, 'site.xml'), '--uploads', path.join(DIR, 'uploads')],
        envOf(from, path.join(work, 'from')),
      );
      assert.equal(res.code, 0, res.stderr);
    });
    after(async () => {
      await from.close();
      await to.close();
      rmSync(work, { recursive: true, force: true });
    });

    test('writes WXR 1.2 with pages, threads, statuses and media at absolute URLs', async () => {
      const file = path.join(work, 'export.xml');
      const res = await runCli(['export-wordpress', file], envOf(from, path.join(work, 'from')));
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /5 posts, 2 pages, 5 comments, 3 attachments, 4 categories/);
      const xml = readFileSync(file, 'utf8');
      assert.match(xml, /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
      assert.match(xml, /<wp:attachment_url><!\[CDATA\[https:\/\/moi\.example\.vn\/media\/[a-f0-9]{24}\.jpg\]\]>/);
      assert.match(xml, /<wp:post_type><!\[CDATA\[page\]\]><\/wp:post_type>/);
      assert.match(xml, /<wp:status><!\[CDATA\[future\]\]><\/wp:status>/);
      assert.match(xml, /<wp:status><!\[CDATA\[pending\]\]><\/wp:status>/);
      assert.match(xml, /<wp:comment_approved><!\[CDATA\[0\]\]><\/wp:comment_approved>/);
      assert.match(
        xml,
        /<wp:category_nicename><!\[CDATA\[mien-trung\]\]><\/wp:category_nicename><wp:category_parent><!\[CDATA\[du-lich\]\]>/,
      );
      // The body's images point at this site, absolutely, without our responsive attributes.
      assert.match(
        xml,
        /<img src="https:\/\/moi\.example\.vn\/media\/[a-f0-9]{24}\.jpg" alt="Cầu Rồng phun lửa về đêm"/,
      );
      assert.doesNotMatch(xml, /srcset/);
    });

    test('the export imports into an empty site as the same articles, comments and categories', async () => {
      const file = path.join(work, 'export.xml');
      const res = await runCli(
        ['import-wordpress', file, '--uploads', path.join(work, 'from', 'media')],
        envOf(to, path.join(work, 'to')),
      );
      assert.equal(res.code, 0, res.stderr);
      assert.doesNotMatch(res.stderr, /missing file: https:\/\/moi/);
      const [a, b] = [await contentOf(from), await contentOf(to)];
      assert.equal(a.articles.length, 7);
      assert.equal(a.comments.length, 5);
      assert.deepEqual(b.categories, a.categories);
      assert.deepEqual(b.articles, a.articles);
      assert.deepEqual(b.comments, a.comments);
    });

    test('a category map files WordPress categories under existing ones', async () => {
      const map = path.join(work, 'map.csv');
      writeFileSync(map, 'wp_slug,slug\nmien-trung,du-lich\n');
      const site = await createTestApp(dialect, { env: { DATA_DIR: path.join(work, 'mapped') } });
      try {
        const env = envOf(site, path.join(work, 'mapped'));
        const unknown = path.join(work, 'unknown.csv');
        writeFileSync(unknown, 'thoi-su,khong-co\n');
        const refused = await runCli(['import-wordpress', path.join(DIR, 'site.xml'), '--category-map', unknown], env);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, /no category "khong-co" here/);
        const first = await runCli(['import-wordpress', path.join(DIR, 'site.xml')], env);
        assert.equal(first.code, 0, first.stderr);
        // Into a site that already has du-lich: mien-trung's posts go there, and its old address too.
        const again = await runCli(
          ['import-wordpress', path.join(DIR, 'site.xml'), '--category-map', map, '--json'],
          env,
        );
        assert.equal(again.code, 0, again.stderr);
        const post = JSON.parse(again.stdout.split('\n')[0]!) as { url: string };
        assert.match(post.url, /^\/du-lich\/cau-rong-phun-lua/);
      } finally {
        await site.close();
      }
    });
  });
}

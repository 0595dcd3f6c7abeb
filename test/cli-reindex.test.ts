import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { titleKey } from '../src/articles/title-key.js';
import { parseSearchQuery } from '../src/search/query.js';
import { reindexAll } from '../src/search/reindex.js';
import { slugify } from '../src/vi/slug.js';
import { Site } from '../src/site/site.js';
import { runCli } from './support/cli.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';

for (const dialect of backends()) {
  describe(`toasoan reindex on ${dialect}`, () => {
    let db: TestDatabase;
    let site: Site;

    const hits = async (q: string) => {
      const found = await db.handle.search.search(db.handle.kysely, parseSearchQuery(q)!, {
        now: new Date().toISOString(),
        sort: 'relevance',
        limit: 50,
        offset: 0,
      });
      return found.total;
    };

    before(async () => {
      db = await createTestDatabase(dialect);
      site = new Site(db.handle, loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }));
      const cat = await makeCategory(site, { slug: 'tin-tuc' });
      for (let i = 0; i < 12; i++) await makeArticle(site, { categoryId: cat, title: `Phòng chống thiên tai số ${i}` });
      await makeArticle(site, { categoryId: cat, title: 'Thiên tai bản nháp', status: 'draft' });
    });
    after(() => db.drop());

    test('rebuilds a lost index from the published articles, with progress', async () => {
      assert.equal(await hits('thien tai'), 12);
      await db.handle.search.clear(db.handle.kysely);
      assert.equal(await hits('thien tai'), 0);
      const res = await runCli(['reindex'], { DATABASE_URL: db.url });
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /indexed 12 published articles/);
      assert.match(res.stderr, /indexing: 12\/12/);
      assert.equal(await hits('thien tai'), 12, 'drafts stay out');
    });

    test('a rebuild of many batches indexes every published article once, and reports each', async () => {
      const cat = (await db.handle.kysely.selectFrom('categories').select('id').executeTakeFirstOrThrow()).id;
      const now = new Date().toISOString();
      // Written straight to the table: 1,150 articles through the service would take most of a minute.
      const rows = Array.from({ length: 1150 }, (_, i) => {
        const title = `Bản tin lũ lụt số ${i}${[0, 499, 500, 1149].includes(i) ? ` mốc${i}` : ''}`;
        return {
          title,
          title_key: titleKey(title),
          slug: slugify(title),
          sapo: '',
          body_html: '<p>Cập nhật.</p>',
          byline: '',
          status: i % 10 === 3 ? ('draft' as const) : ('published' as const),
          category_id: cat,
          root_category_id: cat,
          published_at: now,
          created_at: now,
          updated_at: now,
          import_key: null,
        };
      });
      for (let i = 0; i < rows.length; i += 200)
        await db.handle.kysely
          .insertInto('articles')
          .values(rows.slice(i, i + 200))
          .execute();
      let total = 0;
      let ticked = 0;
      const indexed = await reindexAll(db.handle, { start: (n) => (total = n), tick: (n) => (ticked += n) });
      assert.equal(indexed, 12 + 1035, 'the 12 earlier and 1,035 of the new ones are published');
      assert.equal(total, indexed);
      assert.equal(ticked, indexed);
      assert.equal(await hits('lu lut'), 1035);
      for (const mark of ['moc0', 'moc499', 'moc500', 'moc1149']) assert.equal(await hits(mark), 1, mark);
    });

    test('rejects arguments', async () => {
      const res = await runCli(['reindex', 'extra'], { DATABASE_URL: db.url });
      assert.equal(res.code, 2);
      assert.match(res.stderr, /takes no arguments/);
    });
  });
}

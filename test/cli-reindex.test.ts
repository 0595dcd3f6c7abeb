import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../src/config.js';
import { parseSearchQuery } from '../src/search/query.js';
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

    test('rejects arguments', async () => {
      const res = await runCli(['reindex', 'extra'], { DATABASE_URL: db.url });
      assert.equal(res.code, 2);
      assert.match(res.stderr, /takes no arguments/);
    });
  });
}

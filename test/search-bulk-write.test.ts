import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { parseSearchQuery } from '../src/search/query.js';
import { reindexAll } from '../src/search/reindex.js';
import { buildIndexedDocument } from '../src/search/search-index.js';
import { Site } from '../src/site/site.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';

for (const dialect of backends()) {
  describe(`the search index written in bulk on ${dialect}`, () => {
    let db: TestDatabase;
    let site: Site;
    let categoryId: number;

    const hits = async (q: string) =>
      (
        await db.handle.search.search(db.handle.kysely, parseSearchQuery(q)!, {
          now: new Date().toISOString(),
          sort: 'newest',
          limit: 100,
          offset: 0,
        })
      ).total;

    before(async () => {
      db = await createTestDatabase(dialect);
      site = new Site(db.handle, loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }));
      categoryId = await makeCategory(site, { slug: 'thoi-su' });
      for (let i = 0; i < 60; i++)
        await makeArticle(site, { categoryId, title: `Lũ quét ở miền núi phía Bắc, bản tin số ${i}` });
    });
    after(() => db.drop());

    test('finds every article of a batch, and the articles written one by one after it', async () => {
      assert.equal(await reindexAll(db.handle), 60);
      assert.equal(await hits('lũ quét'), 60);
      await makeArticle(site, { categoryId, title: 'Lũ quét ở Lào Cai' });
      assert.equal(await hits('lũ quét'), 61);
      assert.equal(await hits('lào cai'), 1);
    });

    test('a rebuild in batches writes what articles written one by one wrote, each once', async () => {
      // Every table of the index as text, in article order (on SQLite the index's own contents cannot
      // be read back: what it finds stands for them).
      const contents = async () =>
        dialect === 'postgres'
          ? (
              await sql<{
                row: string;
              }>`select concat_ws(' | ', d.article_id, d.doc, d.marks, d.pairs, p.words, l.lead) as row
                from search_documents d join search_phrases p using (article_id) join search_leads l using (article_id)
                order by d.article_id`.execute(db.handle.kysely)
            ).rows.map((r) => r.row)
          : await Promise.all(['lũ quét', 'bản tin', 'số 7', 'miền núi', 'lào cai'].map(hits));
      const articles = await db.handle.kysely
        .selectFrom('articles')
        .select(['id', 'title', 'sapo', 'body_html'])
        .where('status', '=', 'published')
        .execute();
      for (const a of articles) await db.handle.search.upsert(db.handle.kysely, buildIndexedDocument(a));
      const before = await contents();
      // Batches of 7 leave a last one part-full; each is made ready while the one before it is written.
      assert.equal(await reindexAll(db.handle, undefined, 7), articles.length);
      assert.deepEqual(await contents(), before);
      if (dialect === 'postgres') assert.equal(before.length, articles.length);
    });

    if (dialect === 'postgres')
      test("keeps as each article's lead the first positions of its document vector", async () => {
        const words = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `từ${from + i}`).join(' ');
        await makeArticle(site, { categoryId, title: `Lũ quét ${words(8)}`, body: `<p>${words(150, 100)}</p>` });
        // Words too long for a tsvector take no position in it; a one-word headline leaves the body 63.
        await makeArticle(site, {
          categoryId,
          title: 'Lũ',
          body: `<p>${words(3)} ${'x'.repeat(3000)} ${'y'.repeat(3000)} ${'z'.repeat(3000)} ${words(100, 300)}</p>`,
        });
        await makeArticle(site, { categoryId, title: `Lũ quét ${'a '.repeat(140)}` });
        await reindexAll(db.handle);
        const { rows } = await sql<{ article_id: number; stored: string; whole: string }>`
          select l.article_id, l.lead::text as stored, (select coalesce(string_agg(u.lexeme || ':' || p.pos || p.weight, ' '), '')::tsvector
            from unnest(d.doc) u, unnest(u.positions, u.weights) as p(pos, weight) where p.pos <= 64)::text as whole
          from search_leads l join search_documents d using (article_id)`.execute(db.handle.kysely);
        assert.equal(rows.length, 64);
        for (const r of rows) assert.equal(r.stored, r.whole, `article ${r.article_id}`);
        assert.ok(rows.some((r) => r.stored.includes(':64')));
      });
  });
}

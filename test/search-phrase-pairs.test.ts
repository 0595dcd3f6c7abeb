import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { pairSignature, phraseMask } from '../src/search/postgres-pairs.js';
import { parseSearchQuery } from '../src/search/query.js';
import { reindexAll } from '../src/search/reindex.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The mask of one pair of folded words, as a bit string literal. */
const pairMask = (first: string, second: string) => phraseMask([{ terms: [first, second] }], false)!;

/** The ids the API finds for a query, sorted. */
async function found(t: TestApp, q: string): Promise<number[]> {
  const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`);
  assert.equal(res.statusCode, 200);
  return res
    .json()
    .results.map((r: { id: number }) => r.id)
    .sort((a: number, b: number) => a - b);
}

const words = (n: number, from = 0, letter = 'k') =>
  Array.from({ length: n }, (_, i) => `${letter}${from + i}`).join(' ');

describe('the signature of adjacent words, made in TypeScript', () => {
  test('is left out when a headline could lose positions or the words outrun them', () => {
    assert.notEqual(pairSignature(words(256), 'x y'), null);
    assert.equal(pairSignature(words(257), 'x y'), null, 'a headline word past 256 positions would shift the body');
    assert.notEqual(pairSignature('a', words(16382)), null);
    assert.equal(pairSignature('a', words(16383)), null, 'the 16,384th word shares the last position');
  });

  test('of a phrase leaves out the pair that ends in a prefix', () => {
    assert.equal(phraseMask([{ terms: ['khoa', 'ho'] }], true), null);
    assert.equal(phraseMask([{ terms: ['khoa', 'hoc'] }], true), null);
    assert.equal(phraseMask([{ terms: ['khoa', 'hoc'] }, { terms: ['moi'] }], true), pairMask('khoa', 'hoc'));
    assert.equal(phraseMask([{ terms: ['khoa'] }, { terms: ['hoc'] }], false), null, 'words apart are no pair');
  });
});

if (backends().includes('postgres')) {
  describe('postgres: the signature of adjacent words', () => {
    let t: TestApp;
    let news: number;
    before(async () => {
      t = await createTestApp('postgres');
      news = await makeCategory(t.site, { slug: 'tin-tuc' });
    });
    after(() => t.close());

    test('holds every pair of words the vector puts side by side', async () => {
      const db = t.site.db.kysely;
      const long = 'x'.repeat(3000); // too long to be a lexeme: the words around it are side by side
      const ids = [];
      for (const [title, body] of [
        ['Khoa học và công nghệ', 'Nghị quyết 22-NQ/TW ngày 23/05/2018; khoa học, công nghệ!'],
        [words(3), `${words(4, 3)} ${long} ${words(4, 7)}`],
        ['Tin', `${'tin '.repeat(300)}${words(5)}`], // a word keeps 256 positions, and loses the rest
        ['Một hai', `${long} ba bốn`], // the headline's last word and the body's first kept
      ])
        ids.push((await makeArticle(t.site, { categoryId: news, title, sapo: '', body: `<p>${body}</p>` })).id);

      for (const id of ids) {
        const positions = (
          await sql<{ word: string; pos: number }>`select u.lexeme as word, p.pos from search_documents s,
            unnest(s.doc) u, unnest(u.positions) as p(pos) where s.article_id = ${id} order by p.pos`.execute(db)
        ).rows;
        const at = new Map(positions.map((p) => [p.pos, p.word]));
        const pairs = positions.flatMap((p) => (at.has(p.pos + 1) ? [[p.word, at.get(p.pos + 1)!] as const] : []));
        assert.ok(pairs.length >= 3, `article ${id} has pairs`);
        for (const [first, second] of pairs) {
          const r = await sql<{ held: boolean }>`select (pairs & ${pairMask(first, second)}::bit(2048))
            = ${pairMask(first, second)}::bit(2048) as held from search_documents where article_id = ${id}`.execute(db);
          assert.equal(r.rows[0]!.held, true, `${first} ${second} in article ${id}`);
        }
      }
      assert.ok(positions(await signature(t, ids[1]!)) <= 2 * 10, 'eleven words set two bits a pair at most');
    });

    test('is left out for a body longer than a vector keeps positions for, whose phrases are tested on it', async () => {
      const a = await makeArticle(t.site, {
        categoryId: news,
        title: 'Rất dài',
        sapo: '',
        body: `<p>${words(16400, 0, 'z')} hot</p>`,
      });
      assert.equal(await signature(t, a.id), null);
      assert.deepEqual(await found(t, '"z5 z6"'), [a.id]);
      // Every word from position 16,383 on is at 16,383, so the word before it is side by side with all of them.
      const before = await sql<{ word: string }>`select u.lexeme as word from search_documents s, unnest(s.doc) u,
        unnest(u.positions) as p(pos) where s.article_id = ${a.id} and p.pos = 16382`.execute(t.site.db.kysely);
      assert.deepEqual(await found(t, `"${before.rows[0]!.word} hot"`), [a.id]);
    });
  });

  describe('postgres: a phrase tested on the signature first', () => {
    test('finds what the vector alone finds, and reads fewer blocks for the candidates it rules out', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        // Bodies long enough for their vectors to be stored apart (toasted), as real articles' are, of
        // few pairs of words, so that the phrase's bits are not set by chance.
        const filler = `${words(40, 0, 'w')} `.repeat(256);
        const apart = [];
        for (let i = 0; i < 20; i++)
          apart.push(
            (
              await makeArticle(t.site, {
                categoryId: news,
                title: `Khoa nội ${i}`,
                body: `<p>Học viên. ${filler}</p>`,
              })
            ).id,
          );
        const together: number[] = [];
        for (let i = 0; i < 2; i++)
          together.push(
            (await makeArticle(t.site, { categoryId: news, title: `Khoa học ${i}`, body: `<p>${filler}</p>` })).id,
          );
        assert.deepEqual(await found(t, '"khoa học"'), together);
        assert.deepEqual((await found(t, 'khoa học')).length, 10, 'the words alone are in every article');

        const q = parseSearchQuery('"khoa học"')!;
        // On one connection, the function already run there once: a connection's first call also
        // reads the catalog, and search spreads its lookups over the pool's connections.
        await db.transaction().execute(async (trx) => {
          const newest = async (mask: string | null) => {
            const plan = await sql<{
              'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }];
            }>`
            explain (analyze, buffers, format json) select search_newest(to_tsquery('simple', 'khoa & hoc'),
            to_tsquery('simple', 'khoa <-> hoc'), ${mask}::bit(2048), 10)`.execute(trx);
            const r = await sql<{ ids: number[] }>`select search_newest(to_tsquery('simple', 'khoa & hoc'),
            to_tsquery('simple', 'khoa <-> hoc'), ${mask}::bit(2048), 10) as ids`.execute(trx);
            const { Plan } = plan.rows[0]!['QUERY PLAN'][0];
            return {
              ids: [...r.rows[0]!.ids].sort((a, b) => a - b),
              blocks: Plan['Shared Hit Blocks'] + Plan['Shared Read Blocks'],
            };
          };
          await newest(null);
          const signed = await newest(phraseMask(q.groups, q.prefix)!);
          const unsigned = await newest(null);
          assert.deepEqual(signed.ids, together);
          assert.deepEqual(unsigned.ids, together);
          assert.ok(
            signed.blocks < unsigned.blocks,
            `the signature rules out vector reads: ${signed.blocks} blocks against ${unsigned.blocks}`,
          );
        });
      } finally {
        await t.close();
      }
    });
  });

  describe('postgres: phrases tested on vectors of their own (migration 065)', () => {
    /** Each article's phrase vector as text, by id. */
    const phraseVectors = async (t: TestApp) =>
      (
        await sql<{ id: number; words: string }>`select article_id as id, words::text as words from search_phrases
          order by article_id`.execute(t.site.db.kysely)
      ).rows;

    test('the migration fills them from the body vectors as indexing writes them; a phrase is read from them', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const ids = [];
        for (const [title, body] of [
          ['Khoa học và công nghệ', 'Nghị quyết 22-NQ/TW ngày 23/05/2018; khoa học, công nghệ!'],
          ['Khoa nội', `Học viên ${'x'.repeat(3000)} cuối`],
          ['Tin', `${'tin '.repeat(300)} khoa học`],
        ])
          ids.push((await makeArticle(t.site, { categoryId: news, title, body: `<p>${body}</p>` })).id);
        const written = await phraseVectors(t);
        assert.deepEqual(
          written.map((r) => r.id),
          ids,
        );
        assert.ok(
          written.every((r) => !r.words.includes("'_")),
          'no prefix or id block: they have no position',
        );

        // As before the migration.
        await sql`drop table search_phrases`.execute(db);
        await t.site.db.helpers.addSearchPhraseVectors(db as Kysely<unknown>);
        assert.deepEqual(await phraseVectors(t), written, 'the same vectors as indexing writes');
        t.site.contentChanged();
        assert.deepEqual(await found(t, '"khoa học"'), [ids[0]!, ids[2]!]);
        assert.deepEqual(await found(t, '"23 05 2018"'), [ids[0]!]);

        // The phrase vector is what a phrase is tested on: without it the body vector's words are not enough.
        await sql`update search_phrases set words = to_tsvector('simple', 'khoa x hoc') where article_id = ${ids[2]!}`.execute(
          db,
        );
        t.site.contentChanged();
        assert.deepEqual(await found(t, '"khoa học"'), [ids[0]!]);
        assert.deepEqual(await found(t, 'khoa học'), ids, 'words apart are still found from GIN');
      } finally {
        await t.close();
      }
    });

    test('follow an article rewritten or taken out of the index', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const a = (await makeArticle(t.site, { categoryId: news, title: 'Khoa học', body: '<p>Tin.</p>' })).id;
        const b = (await makeArticle(t.site, { categoryId: news, title: 'Học viên khoa nội', body: '<p>Tin.</p>' })).id;
        await sql`update articles set title = 'Học khoa' where id = ${a}`.execute(db);
        await reindexAll(t.site.db);
        t.site.contentChanged();
        assert.deepEqual(await found(t, '"khoa học"'), []);
        assert.deepEqual(await found(t, '"học khoa"'), [a]);
        await t.site.db.search.remove(db, b);
        assert.deepEqual(
          (await phraseVectors(t)).map((r) => r.id),
          [a],
        );
      } finally {
        await t.close();
      }
    });
  });

  describe('upgrading an existing postgres site (migration 064)', () => {
    test('adds the column; articles indexed before it are found by their vectors until a reindex signs them', async () => {
      const t = await createTestApp('postgres');
      try {
        const db = t.site.db.kysely;
        const news = await makeCategory(t.site, { slug: 'tin-tuc' });
        const phrase = (await makeArticle(t.site, { categoryId: news, title: 'Khoa học', body: '<p>Tin.</p>' })).id;
        await makeArticle(t.site, { categoryId: news, title: 'Khoa nội', body: '<p>Học viên.</p>' });

        // As before the migration: no column, and the functions of migration 063.
        await sql`alter table search_documents drop column pairs`.execute(db);
        await sql`drop function search_newest(tsquery, tsquery, bit, integer)`.execute(db);
        await sql`create function search_newest(q tsquery, n integer) returns integer[]
          language sql stable as $$ select '{}'::integer[] $$`.execute(db);
        await t.site.db.helpers.addSearchPhrasePairs(db as Kysely<unknown>);
        assert.equal(await signature(t, phrase), null);
        t.site.contentChanged();
        assert.deepEqual(await found(t, '"khoa học"'), [phrase]);

        await reindexAll(t.site.db);
        assert.notEqual(await signature(t, phrase), null);
        t.site.contentChanged();
        assert.deepEqual(await found(t, '"khoa học"'), [phrase]);
        const functions = await sql<{ f: string }>`select p.oid::regprocedure::text as f from pg_proc p
          where p.pronamespace = current_schema()::regnamespace and p.proname = 'search_newest'`.execute(db);
        assert.deepEqual(
          functions.rows.map((r) => r.f),
          ['search_newest(tsquery,tsquery,bit,integer)'],
          'the old function is gone',
        );
      } finally {
        await t.close();
      }
    });
  });
}

/** An article's signature as a bit string of 0s and 1s, or null. */
async function signature(t: TestApp, id: number): Promise<string | null> {
  const r = await sql<{ pairs: string | null }>`select pairs::text as pairs from search_documents
    where article_id = ${id}`.execute(t.site.db.kysely);
  return r.rows[0]!.pairs;
}

/** How many bits a signature sets. */
function positions(bits: string | null): number {
  return [...(bits ?? '')].filter((b) => b === '1').length;
}

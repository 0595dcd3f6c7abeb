import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { wordsVector } from '../../src/search/postgres-vector.js';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { params } from './settings.js';

/**
 * The words vector written in TypeScript (postgres-vector.ts) must be the very vector PostgreSQL's
 * to_tsvector makes of the same text, limits included: a word at most 2,047 letters long, positions
 * up to 16,383, 255 positions of a word in one text and 256 once two are joined.
 */
const word = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('kinh', 'te', 'nghi', 'dinh', '22', '2018', 'a', 'b1', '0') },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9]{1,12}$/) },
  // The parser reads a number in scientific notation and what follows it as two words.
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,3}e[0-9]{1,3}[a-z0-9]{0,3}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 2040, max: 2055 }).map((n) => 'x'.repeat(n)) },
);
const words = (max: number) => fc.array(word, { maxLength: max }).map((w) => w.join(' '));
/** Texts that reach the limits: one word said 300 times, or more words than there are positions. */
const longText = fc.oneof(
  fc.tuple(words(20), fc.integer({ min: 250, max: 300 })).map(([w, n]) => `${w} ${'kinh '.repeat(n)}te`),
  fc.integer({ min: 16_370, max: 16_400 }).map((n) => `${'te '.repeat(n)}kinh dinh`),
);

if (backends().includes('postgres'))
  describe('words vectors written in TypeScript, on PostgreSQL', () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase('postgres');
    });
    after(() => db.drop());

    /** Each pair's vector as to_tsvector makes it and as wordsVector writes it, both as PostgreSQL prints them. */
    async function bothVectors(pairs: readonly (readonly [string, string])[]) {
      const { rows } = await sql<{ parsed: string; written: string | null }>`
      select (setweight(to_tsvector('simple', t), 'A') || setweight(to_tsvector('simple', b), 'D'))::text as parsed,
        w::tsvector::text as written
      from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[],
        ${pairs.map(([t, b]) => wordsVector(t, b))}::text[]) with ordinality as u(t, b, w, n)
      order by n`.execute(db.handle.kysely);
      return rows;
    }

    test('equal to to_tsvector for headlines and bodies of plain words', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(words(30), fc.oneof(words(200), longText)), { minLength: 1, maxLength: 8 }),
          async (pairs) => {
            for (const [i, r] of (await bothVectors(pairs)).entries()) {
              const [title, body] = pairs[i]!;
              // Left to PostgreSQL's parser only for a word it splits; else written as it parses.
              if (r.written === null) assert.match(`${title} ${body}`, /(^| )\d+e\d+[a-z]/);
              else assert.equal(r.written, r.parsed, `headline ${JSON.stringify(title.slice(0, 80))}`);
            }
          },
        ),
        params(40),
      );
    });

    test('equal at the edges: a headline at the limits, empty texts, a body past the last position', async () => {
      const cases: [string, string][] = [
        ['', ''],
        ['kinh te', ''],
        ['', 'kinh te kinh'],
        [`${'kinh '.repeat(300)}te`, `${'kinh '.repeat(300)}te`],
        [`${'te '.repeat(16_390)}kinh`, 'kinh te dinh'],
        ['a '.repeat(100), `${'b '.repeat(16_300)}a a a c c`],
        [`${'x'.repeat(2047)} ${'y'.repeat(2048)} kinh`, `${'z'.repeat(2048)} kinh`],
      ];
      const rows = await bothVectors(cases);
      for (const [i, r] of rows.entries()) assert.equal(r.written, r.parsed, `case ${i}`);
      // The cases reach what they are for: 256 positions after the join, and the last position.
      assert.equal(rows[3]!.parsed.split(' ')[0]!.split(',').length, 256);
      assert.match(rows[4]!.parsed, /'kinh':16383A/);
    });

    test('left to PostgreSQL when a word is not plain', () => {
      assert.equal(wordsVector('kinh te', 'москва'), null);
      assert.equal(wordsVector('kinh-te', 'kinh'), null);
      assert.equal(wordsVector('Kinh', 'te'), null);
      assert.equal(wordsVector('kinh te', 'số 1e5abc'), null);
      assert.equal(wordsVector('12e3x', 'kinh'), null);
      assert.notEqual(wordsVector('kinh te', '22 2018 1e5 e5abc a1e5b'), null);
    });
  });

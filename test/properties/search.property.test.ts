import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../src/errors.js';
import { MAX_TERMS, parseSearchQuery, queryText } from '../../src/search/query.js';
import { searchArticles } from '../../src/search/search.service.js';
import { backends } from '../support/databases.js';
import { makeArticle, makeCategory } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anyText, realSentence, vietnameseText, vietnameseWords } from './arbitraries.js';
import { params } from './settings.js';

/** What FTS5 MATCH and to_tsquery read as syntax, and what a reader or an attacker types. */
const SYNTAX = [
  '"',
  '“',
  '”',
  '„',
  '*',
  '^',
  '(',
  ')',
  ':',
  '&',
  '|',
  '!',
  '<->',
  '<2>',
  '-',
  '+',
  "'",
  '\\',
  '%',
  '_',
  ';',
  '--',
  '/*',
  '{',
  '}',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'NEAR(',
  'title:',
  '{title body}:',
  'marks :',
  ':*',
  "' OR 1=1 --",
  '\u0000',
  '\ufeff',
  '\u200b',
  '\u0301',
  'nghị',
  'quyết',
  'NQ/TW',
  '22-NQ/TW',
  'đảng',
  'khoa',
  'học',
  'a',
  'ab',
  'abc',
  'abcd',
  '0',
  '12345',
  ' ',
  '  ',
  '\t',
];
const syntaxQuery = fc.array(fc.constantFrom(...SYNTAX), { maxLength: 30 }).map((parts) => parts.join(''));
const query = fc.oneof(
  syntaxQuery,
  anyText,
  vietnameseWords,
  fc.string({ unit: 'grapheme', minLength: 150, maxLength: 400 }),
);

describe('search query parser', () => {
  test('never throws; terms are non-empty, free of spaces, quotes and controls, at most MAX_TERMS', () => {
    fc.assert(
      fc.property(query, (raw) => {
        const q = parseSearchQuery(raw);
        if (q === null) return;
        assert.ok(q.groups.length > 0);
        const terms = q.groups.flatMap((g) => g.terms);
        assert.deepEqual(q.words, terms);
        assert.ok(terms.length <= MAX_TERMS, `${terms.length} terms`);
        for (const t of terms) assert.match(t, /^[\p{L}\p{N}][\p{L}\p{M}\p{N}]*$/u);
        for (const k of q.markKeys) assert.match(k, /^[a-z0-9]+$/);
      }),
      params(),
    );
  });

  test('Vietnamese queries come out as [a-z0-9] terms only', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, vietnameseWords, syntaxQuery), (raw) => {
        for (const t of parseSearchQuery(raw)?.words ?? []) assert.match(t, /^[a-z0-9]+$/);
      }),
      params(),
    );
  });

  test('the shown query is a fixed point, and parses as the raw text does', () => {
    fc.assert(
      fc.property(query, (raw) => {
        const shown = queryText(raw);
        assert.equal(queryText(shown), shown);
        // Past the length limit, collapsed spaces let more words in: the documented difference.
        if (raw.normalize('NFC').length <= 200) assert.deepEqual(parseSearchQuery(shown), parseSearchQuery(raw));
      }),
      params(),
    );
  });
});

for (const dialect of backends()) {
  describe(`generated queries run on the real search (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
      const categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      const sentences = fc.sample(realSentence, { seed: 1, numRuns: 12 });
      for (const [i, s] of sentences.entries()) {
        await makeArticle(t.site, {
          categoryId,
          title: `${s.slice(0, 80)} 22-NQ/TW`,
          body: `<p>${s} 42/2022/NĐ-CP hoà thuỷ</p>`,
          status: 'published',
          publishedAt: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
        });
      }
    });
    after(() => t.close());

    test('no query, sort or page makes the SQL fail', async () => {
      await fc.assert(
        fc.asyncProperty(
          query,
          fc.constantFrom('relevance', 'newest') as fc.Arbitrary<'relevance' | 'newest'>,
          fc.integer({ min: 1, max: 3 }),
          fc.boolean(),
          async (q, sort, page, filtered) => {
            try {
              const out = await searchArticles(t.site, {
                q,
                sort,
                page,
                ...(filtered ? { categorySlug: 'tin-tuc', from: '2020-01-03', to: '2020-01-09' } : {}),
              });
              assert.ok(out.total >= out.results.length);
            } catch (err) {
              assert.fail(
                `${JSON.stringify(q)}: ${err instanceof AppError ? 'AppError' : 'SQL/engine error'} ${String(err)}`,
              );
            }
          },
        ),
        params(150),
      );
    });
  });
}

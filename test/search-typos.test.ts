/**
 * Typo suggestions (issue 17): a query that finds little is offered a corrected one, built from
 * the words the index holds, as a link; the query itself is never changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { messages as m } from '../src/messages/vi.js';
import { searchArticles } from '../src/search/search.service.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ARTICLES = [
  { title: 'Quán triệt nghị quyết của Đảng', body: 'Cán bộ học tập nghị quyết mới.' },
  { title: 'Nghị quyết về phát triển khoa học', body: 'Hội đồng nhân dân thông qua nghị quyết.' },
  { title: 'Ra nghị quyết chuyên đề', body: 'Tỉnh ủy ban hành kế hoạch.' },
  { title: 'Công trình thủy lợi Bắc Hưng Hải', body: 'Nạo vét kênh mương trước mùa khô.' },
  { title: 'Trường học vùng cao', body: 'Thầy cô bám bản dạy chữ.' },
];

const CASES: Array<{ q: string; suggestion: string | null; why: string }> = [
  { q: 'nghij quyeets', suggestion: 'nghị quyết', why: 'Telex keys left in both words' },
  { q: 'Nghij Quyeets', suggestion: 'Nghị Quyết', why: 'capitals kept' },
  { q: 'ngị quyết', suggestion: 'nghị quyết', why: 'a missing letter' },
  { q: 'nghị quyếtt', suggestion: 'nghị quyết', why: 'an extra letter' },
  { q: 'nghi quyte', suggestion: 'nghi quyết', why: 'two letters swapped' },
  { q: 'nghị quyêt mơi', suggestion: 'nghị quyết mới', why: 'marks that make no word, one a wrong tone' },
  { q: 'thúy lợi', suggestion: 'thủy lợi', why: 'a wrong tone mark on a rare word' },
  { q: 'truòng học', suggestion: 'trường học', why: 'a wrong vowel mark' },
  { q: 'kênh mươngg', suggestion: 'kênh mương', why: 'an extra letter at the end, not a prefix' },
  { q: 'nghị quyết', suggestion: null, why: 'enough results: nothing to suggest' },
  { q: 'thủy lợi', suggestion: null, why: 'few results but every word as written is known' },
  { q: 'nghị quyết thủy lợi', suggestion: null, why: 'known words that never meet: no better query' },
  { q: 'xyzzy', suggestion: null, why: 'nothing near enough' },
  { q: 'kênh mươ', suggestion: null, why: 'a prefix of a known word is no typo' },
];

for (const dialect of backends()) {
  describe(`typo suggestions on ${dialect}`, () => {
    let t: TestApp;
    let news: number;
    async function api(q: string) {
      const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { total: number; suggestion: string | null; results: unknown[] };
    }

    before(async () => {
      t = await createTestApp(dialect);
      news = await makeCategory(t.site, { slug: 'tin-tuc' });
      for (const a of ARTICLES)
        await makeArticle(t.site, { categoryId: news, title: a.title, sapo: '', body: `<p>${a.body}</p>` });
    });
    after(() => t.close());

    for (const c of CASES) {
      test(`${JSON.stringify(c.q)}: ${c.why}`, async () => {
        assert.equal((await api(c.q)).suggestion, c.suggestion);
      });
    }

    test('the page offers the suggestion as a link and keeps the query as typed', async () => {
      const res = await t.app.inject(`/tim-kiem?q=${encodeURIComponent('nghij quyeets')}&chuyen-muc=tin-tuc`);
      assert.equal(res.statusCode, 200);
      const link = `/tim-kiem?${new URLSearchParams({ q: 'nghị quyết', 'chuyen-muc': 'tin-tuc' }).toString()}`;
      assert.ok(
        res.body.includes(`${m.search.didYouMean} <a href="${link.replace(/&/g, '&amp;')}">nghị quyết</a>`),
        res.body,
      );
      assert.match(res.body, /value="nghij quyeets"/, 'the box still holds what was typed');
      assert.ok(res.body.includes(m.search.none), 'and its results are those of the query typed');
      const plain = await t.app.inject(`/tim-kiem?q=${encodeURIComponent('nghị quyết')}`);
      assert.ok(!plain.body.includes(m.search.didYouMean));
    });

    test('the vocabulary follows index writes: a new word is suggested once published, not after it is gone', async () => {
      assert.equal((await api('chèo thuyềnn')).suggestion, null, 'no such words yet');
      const a = await makeArticle(t.site, { categoryId: news, title: 'Lễ hội chèo thuyền trên sông', sapo: '' });
      assert.equal((await api('chèo thuyềnn')).suggestion, 'chèo thuyền');
      const { n } = (
        await sql<{ n: number }>`select count(*) as n from search_vocabulary where form = ${'thuyền'}`.execute(
          t.site.db.kysely,
        )
      ).rows[0]!;
      assert.equal(Number(n), 1, 'one row per word, however often indexed');
      // Out of the index (as when unpublished): its words stay in the vocabulary, but a suggestion
      // must find more than the query typed, so none is offered.
      await t.site.db.search.remove(t.site.db.kysely, a.id);
      const outcome = await searchArticles(t.site, { q: 'chèo thuyềnn', page: 1, sort: 'relevance' });
      assert.equal(outcome.suggestion, null);
    });
  });
}

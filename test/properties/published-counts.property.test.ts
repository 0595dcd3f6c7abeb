import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { saveArticle } from '../../src/articles/articles.service.js';
import { refreshPublishedCounts } from '../../src/categories/categories.repo.js';
import { backends } from '../support/databases.js';
import { makeCategory } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { params } from './settings.js';

/**
 * Saves keep the categories' published counts by increments instead of recounting: whatever the
 * sequence of creates, moves and status changes, the counts must equal a recount from scratch.
 */
for (const dialect of backends()) {
  describe(`published counts kept by increments (${dialect})`, () => {
    let t: TestApp;
    let categoryIds: number[];
    before(async () => {
      t = await createTestApp(dialect);
      const root = await makeCategory(t.site, { slug: 'goc' });
      const other = await makeCategory(t.site, { slug: 'goc-khac' });
      const child = await makeCategory(t.site, { slug: 'con', parentSlug: 'goc' });
      const grandchild = await makeCategory(t.site, { slug: 'chau', parentSlug: 'con' });
      categoryIds = [root, other, child, grandchild];
    });
    after(() => t.close());

    const save = fc.record({
      key: fc.integer({ min: 0, max: 5 }),
      category: fc.integer({ min: 0, max: 3 }),
      status: fc.constantFrom('draft', 'published', 'unpublished') as fc.Arbitrary<
        'draft' | 'published' | 'unpublished'
      >,
    });

    test('after any sequence of saves, every count equals a recount', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(save, { minLength: 1, maxLength: 12 }), async (saves) => {
          run++;
          for (const s of saves) {
            await saveArticle(t.site.deps, {
              title: `Bài ${run}-${s.key}`,
              sapo: '',
              bodyHtml: '<p>Nội dung.</p>',
              byline: 'PV',
              categoryId: categoryIds[s.category]!,
              status: s.status,
              publishedAt: '2024-05-01T01:00:00.000Z',
              importKey: `prop:${run}:${s.key}`,
            });
          }
          const kept = await counts(t);
          await refreshPublishedCounts(t.site.db.kysely, categoryIds);
          assert.deepEqual(kept, await counts(t), JSON.stringify(saves));
        }),
        params(dialect === 'postgres' ? 15 : 40),
      );
    });
  });
}

async function counts(t: TestApp): Promise<Record<number, number>> {
  const rows = await t.site.db.kysely.selectFrom('categories').select(['id', 'published_count']).execute();
  return Object.fromEntries(rows.map((r) => [r.id, Number(r.published_count)]));
}

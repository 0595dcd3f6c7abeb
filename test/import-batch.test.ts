import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importBatch, prepareFile, type PreparedFile } from '../src/import/import-files.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`importing files in batches (${dialect})`, () => {
    let t: TestApp;
    let dir: string;
    before(async () => {
      t = await createTestApp(dialect);
      await makeCategory(t.site, { slug: 'tin-tuc' });
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-batch-'));
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function prepared(n: number): Promise<PreparedFile[]> {
      const category = (await t.site.categories()).getBySlug('tin-tuc')!;
      const out: PreparedFile[] = [];
      for (let i = 0; i < n; i++) {
        const file = path.join(dir, `${dialect}-${i}.txt`);
        writeFileSync(file, `Tin lô số ${i} của ${dialect}\n08:0${i} 01/06/2024\nMở đầu tin ${i}.\n\nThân bài.\n`);
        out.push(await prepareFile(file, category));
      }
      return out;
    }

    test('a file refused while the batch is written rolls back alone; the others and the counts are written', async () => {
      const files = await prepared(5);
      // A category that vanished after the file was read: refused by the save itself, inside the batch.
      const bad = files[2]!;
      assert.ok(bad.ok);
      bad.input = { ...bad.input, categoryId: 999_999 };
      const outcomes = await importBatch(t.site.deps, files);
      assert.deepEqual(
        outcomes.map((o) => ('error' in o ? 'error' : o.ok)),
        [true, true, false, true, true],
      );
      const refused = outcomes[2]!;
      assert.ok(!('error' in refused) && !refused.ok && /category 999999 does not exist/.test(refused.message));
      const titles = await t.site.db.kysely
        .selectFrom('articles')
        .select('title')
        .where('title', 'like', `Tin lô số % của ${dialect}`)
        .orderBy('title')
        .execute();
      assert.deepEqual(
        titles.map((r) => r.title),
        [0, 1, 3, 4].map((i) => `Tin lô số ${i} của ${dialect}`),
      );
      const category = await t.site.db.kysely
        .selectFrom('categories')
        .select('published_count')
        .where('slug', '=', 'tin-tuc')
        .executeTakeFirstOrThrow();
      assert.equal(Number(category.published_count), 4);
    });

    test('the same files again update the articles instead of adding them', async () => {
      const before = await t.site.db.kysely
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const outcomes = await importBatch(t.site.deps, await prepared(5));
      assert.deepEqual(
        outcomes.map((o) => !('error' in o) && o.ok && o.article.created),
        [false, false, true, false, false],
      );
      const afterCount = await t.site.db.kysely
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n) + 1, 'only the file refused before is new');
    });

    test('the search index keeps up with a batch: each imported article is found by its own words', async () => {
      for (const i of [0, 1, 2, 3, 4]) {
        const res = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(`tin lô số ${i} của ${dialect}`)}`);
        const body = res.json<{ results: { title: string }[] }>();
        assert.equal(body.results[0]?.title, `Tin lô số ${i} của ${dialect}`, JSON.stringify(body.results.slice(0, 3)));
      }
    });
  });
}

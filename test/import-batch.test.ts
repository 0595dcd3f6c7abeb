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

    test('one batch writes an article met twice once, its later text in the index, and tags shared by its articles once', async () => {
      const category = (await t.site.categories()).getBySlug('tin-tuc')!;
      const count = async () =>
        Number(
          (
            await t.site.db.kysely
              .selectFrom('categories')
              .select('published_count')
              .where('slug', '=', 'tin-tuc')
              .executeTakeFirstOrThrow()
          ).published_count,
        );
      const before = await count();
      const write = async (name: string, text: string, tags: string[] = []) => {
        const file = path.join(dir, `${dialect}-${name}.txt`);
        writeFileSync(file, text);
        const f = await prepareFile(file, category);
        assert.ok(f.ok);
        f.input = { ...f.input, tags };
        return f;
      };
      const title = `Tin hai bản của ${dialect}`;
      const files = [
        await write('first', `${title}\n09:00 02/06/2024\nBản đầu nói về hồ Tuyền Lâm.\n\nThân bài.\n`),
        await write('tagged', `Tin gắn thẻ của ${dialect}\n09:05 02/06/2024\nMở đầu.\n\nThân bài.\n`, [
          'Kinh tế',
          'Đầu tư',
        ]),
        await write('second', `${title}\n09:00 02/06/2024\nBản sau nói về đồi chè Cầu Đất.\n\nThân bài.\n`),
        await write('also', `Tin thẻ chung của ${dialect}\n09:10 02/06/2024\nMở đầu.\n\nThân bài.\n`, ['kinh tế']),
      ];
      const outcomes = await importBatch(t.site.deps, files);
      const saved = outcomes.map((o) => {
        assert.ok(!('error' in o) && o.ok, JSON.stringify(o));
        return o.article;
      });
      assert.deepEqual(
        saved.map((a) => a.created),
        [true, true, false, true],
      );
      assert.equal(saved[2]!.id, saved[0]!.id, 'the second copy updates the first');
      const rows = await t.site.db.kysely.selectFrom('articles').select(['sapo']).where('title', '=', title).execute();
      assert.deepEqual(
        rows.map((r) => r.sapo),
        ['Bản sau nói về đồi chè Cầu Đất.'],
      );
      assert.equal(await count(), before + 3, 'counted once per article');

      const found = async (q: string) =>
        (await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`))
          .json<{ results: { title: string }[] }>()
          .results.map((r) => r.title);
      assert.ok((await found('đồi chè cầu đất')).includes(title), 'found by its later words');
      assert.ok(!(await found('hồ tuyền lâm')).includes(title), 'no longer by the earlier ones');

      const tagsOf = async (id: number) =>
        (
          await t.site.db.kysely
            .selectFrom('article_tags')
            .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
            .select(['tags.slug', 'tags.name'])
            .where('article_tags.article_id', '=', id)
            .orderBy('article_tags.position')
            .execute()
        ).map((r) => `${r.slug}=${r.name}`);
      assert.deepEqual(await tagsOf(saved[1]!.id), ['kinh-te=Kinh tế', 'dau-tu=Đầu tư']);
      assert.deepEqual(await tagsOf(saved[3]!.id), ['kinh-te=Kinh tế'], 'one tag, named as first written');
    });
  });
}

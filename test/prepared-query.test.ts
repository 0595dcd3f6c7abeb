import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { preparedQuery } from '../src/db/prepared.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';

const categoryBySlug = preparedQuery((db, slug: string, position: number) =>
  db
    .selectFrom('categories')
    .select(['id', 'name'])
    .where('slug', '=', slug)
    .where('position', '>=', position)
    .where('in_menu', '=', 1),
);

for (const dialect of backends()) {
  describe(`prepared queries on ${dialect}`, () => {
    let d: TestDatabase;
    before(async () => {
      d = await createTestDatabase(dialect);
      const now = new Date().toISOString();
      for (const [i, slug] of ['tin-tuc', 'thong-bao'].entries()) {
        await d.handle.kysely
          .insertInto('categories')
          .values({
            slug,
            name: `Mục ${slug}`,
            description: '',
            parent_id: null,
            position: i,
            in_menu: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
    });
    after(() => d.drop());

    test('each run binds its own values, while values fixed in the query stay fixed', async () => {
      assert.deepEqual(
        (await categoryBySlug(d.handle.kysely, 'tin-tuc', 0)).map((r) => r.name),
        ['Mục tin-tuc'],
      );
      assert.deepEqual(
        (await categoryBySlug(d.handle.kysely, 'thong-bao', 0)).map((r) => r.name),
        ['Mục thong-bao'],
      );
      assert.deepEqual(await categoryBySlug(d.handle.kysely, 'thong-bao', 2), []);
      // Reader text is only ever a bound value, never SQL.
      assert.deepEqual(await categoryBySlug(d.handle.kysely, "x' or '1'='1", 0), []);
    });

    test('works inside a transaction too', async () => {
      const names = await d.handle.kysely
        .transaction()
        .execute(async (trx) => (await categoryBySlug(trx, 'tin-tuc', 0)).map((r) => r.name));
      assert.deepEqual(names, ['Mục tin-tuc']);
    });

    test('a query whose SQL text depends on an argument is refused instead of reusing the wrong SQL', async () => {
      const shaped = preparedQuery((db, limit: number) =>
        db.selectFrom('categories').select('id').limit(sql.lit(limit)),
      );
      await assert.rejects(shaped(d.handle.kysely, 1), /every argument must be bound once as a value/);
      const unused = preparedQuery((db, _slug: string) => db.selectFrom('categories').select('id'));
      await assert.rejects(unused(d.handle.kysely, 'tin-tuc'), /every argument must be bound once as a value/);
    });
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backends, createTestDatabase } from '../../test/support/databases.js';
import { inList } from './in-list.js';

for (const dialect of backends()) {
  test(`${dialect}: inList finds exactly the rows whose value is listed, numbers and text alike`, async () => {
    const t = await createTestDatabase(dialect);
    try {
      const db = t.handle.kysely;
      await db
        .insertInto('wordpress_items')
        .values(
          Array.from({ length: 50 }, (_, n) => ({
            kind: n % 2 ? 'post' : 'comment',
            wp_id: n + 1,
            local_id: 100 + n,
            digest: '',
          })),
        )
        .execute();
      const posts = await db
        .selectFrom('wordpress_items')
        .select('local_id')
        .where('kind', '=', 'post')
        .where(inList(db, 'wp_id', [2, 3, 4, 40, 999]))
        .orderBy('local_id')
        .execute();
      // 3 is a comment and 999 is not there: only the listed posts.
      assert.deepEqual(
        posts.map((r) => r.local_id),
        [101, 103, 139],
      );
      const kinds = await db
        .selectFrom('wordpress_items')
        .select('wp_id')
        .where(inList(db, 'kind', ["it's", 'comment', 'bài viết']))
        .execute();
      assert.equal(kinds.length, 25);
    } finally {
      await t.drop();
    }
  });
}

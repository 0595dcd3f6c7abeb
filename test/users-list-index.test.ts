import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { listUsersQuery } from '../src/accounts/user-admin.repo.js';
import { backends, createTestDatabase } from './support/databases.js';

/**
 * The people list's order (staff first, then by name) is read from the index of migration 051 on both
 * databases, not sorted afterwards: the plan each database gives for the list's own statement says so.
 */
for (const dialect of backends()) {
  describe(`the users list's order comes from its index on ${dialect}`, () => {
    test('each page, filtered by role or not, is read in index order with no sort step', async () => {
      const db = await createTestDatabase(dialect);
      try {
        const { kysely } = db.handle;
        const roles = ['reader', 'author', 'editor', 'admin'] as const;
        await kysely
          .insertInto('users')
          .values(
            Array.from({ length: 400 }, (_, i) => ({
              email: `nguoi${i}@example.vn`,
              display_name: `Người dùng ${String(i).padStart(3, '0')}`,
              role: roles[i % 4]!,
              password_hash: null,
              created_at: '2026-12-05T00:00:00.000Z',
              updated_at: '2026-12-05T00:00:00.000Z',
            })),
          )
          .execute();
        for (const filter of [{}, { role: 'author' as const }]) {
          const query = listUsersQuery(kysely, filter, { limit: 50, offset: 50 }).compile();
          const plan = await kysely.transaction().execute(async (trx) => {
            if (dialect === 'sqlite') {
              const rows = await trx.executeQuery<{ detail: string }>(
                CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
              );
              return rows.rows.map((r) => r.detail).join('\n');
            }
            // A table this small would be read whole on PostgreSQL; the question is whether the index can serve.
            await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
            const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(
              CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
            );
            return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
          });
          assert.match(plan, /users_list_order/, plan);
          assert.doesNotMatch(plan, /TEMP B-TREE|Sort/, `no sort step: ${plan}`);
        }
        // The order is still the one the page shows: staff first, then readers, by name.
        const first = await listUsersQuery(kysely, {}, { limit: 3, offset: 0 }).execute();
        assert.deepEqual(
          first.map((u) => u.role),
          ['admin', 'admin', 'admin'],
        );
      } finally {
        await db.drop();
      }
    });
  });
}

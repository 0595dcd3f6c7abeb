import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';

for (const dialect of backends()) {
  describe(`058 over documents saved with empty days on ${dialect}`, () => {
    let d: TestDatabase;

    before(async () => {
      d = await createTestDatabase(dialect, { migrate: false });
      await migrateTo(d.handle, '050-search-leads');
      const db = d.handle.kysely;
      const now = new Date().toISOString();
      await sql`insert into document_types (id, name, position) values (1, 'Thông tư', 1)`.execute(db);
      const add = (id: number, effective: string | null, expires: string | null) =>
        sql`insert into documents (id, slug, code, code_key, type_id, issuer, issued_on, effective_on, expires_on, summary, status, state, created_at, updated_at)
          values (${id}, ${`vb-${id}`}, ${`${id}/2021/TT`}, ${`${id}-2021-tt`}, 1, 'Bộ', '2021-03-01', ${effective}, ${expires}, 'x', 'con_hieu_luc', 'published', ${now}, ${now})`.execute(
          db,
        );
      await add(1, '', '');
      await add(2, '2021-04-01', '');
      await add(3, null, '2030-01-01');
      await migrateToLatest(d.handle);
    });
    after(() => d.drop());

    test('empty days become NULL and real days are kept', async () => {
      const rows = (
        await sql<{
          id: number;
          effective_on: string | null;
          expires_on: string | null;
        }>`select id, effective_on, expires_on from documents order by id`.execute(d.handle.kysely)
      ).rows;
      assert.deepEqual(
        rows.map((r) => ({ ...r, id: Number(r.id) })),
        [
          { id: 1, effective_on: null, expires_on: null },
          { id: 2, effective_on: '2021-04-01', expires_on: null },
          { id: 3, effective_on: null, expires_on: '2030-01-01' },
        ],
      );
    });
  });
}

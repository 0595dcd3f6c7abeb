import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';

type Row = Record<string, unknown>;

for (const dialect of backends()) {
  describe(`039 over existing comments on ${dialect}`, () => {
    let d: TestDatabase;
    let before039: Row[];

    before(async () => {
      d = await createTestDatabase(dialect, { migrate: false });
      await migrateTo(d.handle, '038-search-vocabulary');
      const db = d.handle.kysely;
      const now = new Date().toISOString();
      await sql`insert into categories (id, slug, name, created_at, updated_at)
        values (1, 'tin-tuc', 'Tin tức', ${now}, ${now})`.execute(db);
      await sql`insert into articles (id, title, slug, status, category_id, root_category_id, created_at, updated_at, body_html)
        values (1, 'Bài', 'bai', 'published', 1, 1, ${now}, ${now}, '<p>x</p>')`.execute(db);
      const comment = (id: number, parent: number | null, status: string) =>
        sql`insert into comments (id, article_id, parent_id, author_name, body, body_html, body_html_version, status, content_hash, created_at, updated_at)
          values (${id}, 1, ${parent}, 'Bạn đọc', ${`Ý kiến số ${id}`}, ${`<p>Ý kiến số ${id}</p>`}, 1, ${status}, 'h', ${now}, ${now})`.execute(
          db,
        );
      await comment(1, null, 'approved');
      await comment(2, 1, 'approved');
      await comment(3, null, 'pending');
      await comment(9, null, 'spam');
      if (dialect === 'postgres') await sql`select setval('comments_id_seq', 9)`.execute(db);
      // The newest comment goes before the migration: its id must not come back.
      await sql`delete from comments where id = 9`.execute(db);
      before039 = (await sql<Row>`select * from comments order by id`.execute(db)).rows;
      await migrateToLatest(d.handle);
    });
    after(() => d.drop());

    test('every comment is kept as it was, on its article and under its parent', async () => {
      const rows = (await sql<Row>`select * from comments order by id`.execute(d.handle.kysely)).rows;
      // Later migrations add columns of their own (043: trashed_at): the columns compared are 039's.
      const columns = [...Object.keys(before039[0]!), 'document_id'];
      assert.deepEqual(
        rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c as keyof Row]]))),
        before039.map((r) => ({ ...r, document_id: null })),
      );
    });

    test('the table keeps its indexes, and reads góp ý of a document by one more', async () => {
      const names =
        dialect === 'sqlite'
          ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'comments'`
          : sql<{
              name: string;
            }>`select indexname as name from pg_indexes where tablename = 'comments' and schemaname = current_schema()`;
      const found = (await names.execute(d.handle.kysely)).rows.map((r) => r.name);
      for (const index of [
        'comments_article_status',
        'comments_status',
        'comments_content_hash',
        'comments_user',
        'comments_parent',
        'comments_document_status',
      ])
        assert.ok(found.includes(index), `${index} in ${found.join(', ')}`);
    });

    test('replies still go with their comment, new ids follow the largest ever, and one target is required', async () => {
      const db = d.handle.kysely;
      const now = new Date().toISOString();
      const added = await sql<{
        id: number;
      }>`insert into comments (article_id, author_name, body, status, content_hash, created_at, updated_at)
        values (1, 'Mới', 'Ý kiến mới', 'pending', 'h', ${now}, ${now}) returning id`.execute(db);
      assert.equal(added.rows[0]!.id, 10);
      await assert.rejects(
        sql`insert into comments (author_name, body, status, content_hash, created_at, updated_at)
          values ('Không đâu', 'Ý kiến', 'pending', 'h', ${now}, ${now})`.execute(db),
      );
      await sql`delete from comments where id = 1`.execute(db);
      const left = await sql<{ id: number }>`select id from comments order by id`.execute(db);
      assert.deepEqual(
        left.rows.map((r) => Number(r.id)),
        [3, 10],
      );
    });
  });
}

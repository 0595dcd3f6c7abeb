import { sql, type Kysely } from 'kysely';

// Revisions were labelled by the article's version, which every workflow step
// (send, return, publish) also raises: the history read "Phiên bản 1, 4, 7".
// Each revision now has its own number within its article, 1, 2, 3… with no
// gaps; existing rows are numbered in the order they were written.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('article_revisions')
    .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update article_revisions set revision_number = (
    select count(*) from article_revisions earlier
    where earlier.article_id = article_revisions.article_id and earlier.id <= article_revisions.id
  )`.execute(db);
  // Two saves racing for the same number: one fails and is retried by its editor, never a duplicate.
  await db.schema
    .createIndex('article_revisions_number')
    .unique()
    .on('article_revisions')
    .columns(['article_id', 'revision_number'])
    .execute();
}

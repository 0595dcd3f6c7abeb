import { sql, type Kysely } from 'kysely';

// The article page pages through top-level comments: keeping their number
// beside comment_count spares a count over every one of them on each view.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('top_comment_count', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`update articles set top_comment_count = (
    select count(*) from comments
    where comments.article_id = articles.id and comments.status = 'approved' and comments.parent_id is null
  )`.execute(db);
}

import type { Kysely } from 'kysely';

// "Tin nổi bật": an article the editors chose to lead the home page, while it is
// the newest such one; the index finds it without reading the other articles.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('featured', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('articles_featured').on('articles').columns(['featured', 'published_at']).execute();
}

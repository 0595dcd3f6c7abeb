import type { Kysely } from 'kysely';

// Revisions keep everything the article form edits, not only headline, sapo
// and body. Revisions written before this migration did not record these
// fields: they stay null, and category_id (every article has one) tells the
// two kinds apart, so restoring an old revision leaves those fields as they are.
export async function up(db: Kysely<unknown>): Promise<void> {
  const add = (column: string, type: 'integer' | 'text' | 'varchar(120)' | 'varchar(300)') =>
    db.schema.alterTable('article_revisions').addColumn(column, type).execute();
  await add('byline', 'varchar(120)');
  await add('category_id', 'integer');
  // The tag names in order, as a JSON array.
  await add('tags', 'text');
  await add('cover_media_id', 'integer');
  await add('seo_title', 'varchar(300)');
  await add('seo_description', 'text');
  await add('comments_closed', 'integer');
}

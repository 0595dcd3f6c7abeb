import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('comments')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // Replies go one level deep: a parent is always a top-level comment.
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('author_email', 'varchar(254)')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('is_official', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    // Hash of the folded text, for spotting the same comment posted again.
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('reports', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .addCheckConstraint('comments_status_check', sql`status in ('pending', 'approved', 'spam', 'rejected')`)
    .execute();
  await db.schema
    .createIndex('comments_article_status')
    .on('comments')
    .columns(['article_id', 'status', 'parent_id', 'id'])
    .execute();
  await db.schema.createIndex('comments_status').on('comments').columns(['status', 'id']).execute();
  await db.schema.createIndex('comments_content_hash').on('comments').columns(['content_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'id']).execute();

  // Kept on the article so listings show counts without counting.
  await db.schema
    .alterTable('articles')
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('comments_closed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

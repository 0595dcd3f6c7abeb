import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// The newsroom: who wrote an article, what it looked like at every save, who
// did what, uploaded media, and where renamed categories used to live.
// author_id and actor ids carry no foreign key: users arrive in another migration
// and may be deleted while their history stays.
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('original_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('ext', 'varchar(10)', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('variant_widths', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('uploaded_by', 'integer')
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addCheckConstraint('media_kind_check', sql`kind in ('image', 'attachment')`)
    .execute();
  await db.schema.createIndex('media_created').on('media').columns(['created_at']).execute();

  await db.schema.alterTable('articles').addColumn('author_id', 'integer').execute();
  await db.schema
    .alterTable('articles')
    .addColumn('seo_title', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('seo_description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('cover_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // 1 while a future publish time has not yet been carried out by the scheduler.
  await db.schema
    .alterTable('articles')
    .addColumn('schedule_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('articles_author_status')
    .on('articles')
    .columns(['author_id', 'status', 'updated_at'])
    .execute();
  await db.schema.createIndex('articles_status_updated').on('articles').columns(['status', 'updated_at']).execute();
  await db.schema
    .createIndex('articles_schedule')
    .on('articles')
    .columns(['schedule_pending', 'published_at'])
    .execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('article_version', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('sapo', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('note', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_revisions_article')
    .on('article_revisions')
    .columns(['article_id', 'id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('action', 'varchar(40)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_created').on('audit_log').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('category_redirects')
    .addColumn('old_slug', 'varchar(160)', (c) => c.primaryKey())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .execute();
}

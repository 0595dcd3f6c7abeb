import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// Booleans are integers 0/1: SQLite has no boolean and better-sqlite3 cannot bind one.
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('categories')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(160)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parent_id', 'integer', (c) => c.references('categories.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('in_menu', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('sapo', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('byline', 'varchar(120)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('restrict'))
    .addColumn('root_category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('restrict'))
    .addColumn('published_at', h.timestampType)
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .addColumn('import_key', 'varchar(200)', (c) => c.unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // Last, so that reading the short columns of a list never walks a long body's overflow pages.
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'articles_status_check',
      sql`status in ('draft', 'submitted', 'returned', 'published', 'unpublished')`,
    )
    .execute();
  // One index per listing, each ending in published_at so "newest first, LIMIT n" reads n rows.
  await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute();
  await db.schema
    .createIndex('articles_category_published')
    .on('articles')
    .columns(['category_id', 'status', 'published_at'])
    .execute();
  await db.schema
    .createIndex('articles_root_category_published')
    .on('articles')
    .columns(['root_category_id', 'status', 'published_at'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('slug', 'varchar(160)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(160)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

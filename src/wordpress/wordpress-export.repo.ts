/*
 * Read-only queries for the WordPress export: the whole site in id order, a
 * chunk at a time, so memory does not grow with the number of articles.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export function exportCategories(db: Db) {
  return db
    .selectFrom('categories as c')
    .leftJoin('categories as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.slug', 'c.name', 'c.description', 'p.slug as parent_slug'])
    .orderBy('c.parent_id', (ob) => ob.asc().nullsFirst())
    .orderBy('c.id')
    .execute();
}

export function exportTags(db: Db) {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('id').execute();
}

/** Staff who wrote any article: the export's authors. */
export function exportAuthors(db: Db) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', 'in', (eb) => eb.selectFrom('articles').select('author_id').where('author_id', 'is not', null))
    .orderBy('id')
    .execute();
}

export function exportMedia(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('media')
    .select(['id', 'storage_key', 'ext', 'original_name', 'alt', 'mime', 'uploaded_by', 'created_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The highest id in a table: the post ids of what comes after it in an export start past it. */
export async function maxId(db: Db, table: 'articles' | 'media'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function exportArticles(db: Db, afterId: number, limit: number) {
  return db
    .selectFrom('articles')
    .select([
      'id',
      'title',
      'slug',
      'sapo',
      'body_html',
      'status',
      'category_id',
      'published_at',
      'created_at',
      'updated_at',
      'author_id',
      'cover_media_id',
      'schedule_pending',
      'comments_closed',
    ])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function exportArticleTags(db: Db, articleIds: number[]) {
  if (!articleIds.length) return Promise.resolve([]);
  return db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', 'in', articleIds)
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position')
    .execute();
}

export function exportComments(db: Db, articleIds: number[]) {
  if (!articleIds.length) return Promise.resolve([]);
  return db
    .selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'author_name', 'author_email', 'body', 'status', 'user_id', 'created_at'])
    .where('article_id', 'in', articleIds)
    .$narrowType<{ article_id: number }>()
    .orderBy('id')
    .execute();
}

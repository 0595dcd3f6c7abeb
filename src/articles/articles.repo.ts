import { sql, type Kysely, type Transaction } from 'kysely';
import type { ArticlesTable, ArticleStatus, Database } from '../db/schema.js';
import { titleKey } from './title-key.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ArticleListRow {
  id: number;
  title: string;
  slug: string;
  sapo: string;
  category_id: number;
  published_at: string;
  comment_count: number;
  cover_media_id: number | null;
}

export interface ArticleRow extends ArticleListRow {
  body_html: string;
  byline: string | null;
  status: ArticleStatus;
  root_category_id: number;
  updated_at: string;
  comments_closed: number;
  seo_title: string;
  seo_description: string;
}

/**
 * LIMIT and OFFSET written into the SQL: SQLite plans a literal limit better
 * (a teaser list read in ~half the time of a bound one). Integers only, checked.
 */
function literalInt(n: number) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a row count: ${n}`);
  return sql.lit(n);
}

const listColumns = ['id', 'title', 'slug', 'sapo', 'category_id', 'published_at', 'comment_count', 'cover_media_id'] as const;

// Every listing filters on status + published_at <= now and reads an index in
// published_at order, so its cost is the page size, not the article count.

export async function findPublishedArticle(db: Db, id: number, now: string): Promise<ArticleRow | undefined> {
  const row = await db
    .selectFrom('articles')
    .select([...listColumns, 'body_html', 'byline', 'status', 'root_category_id', 'updated_at', 'comments_closed', 'seo_title', 'seo_description'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .executeTakeFirst();
  return row as ArticleRow | undefined;
}

export async function listLatest(
  db: Db,
  opts: { now: string; limit: number; offset?: number; excludeIds?: number[] },
): Promise<ArticleListRow[]> {
  let q = db
    .selectFrom('articles')
    .select(listColumns)
    .where('status', '=', 'published')
    .where('published_at', '<=', opts.now);
  if (opts.excludeIds?.length) q = q.where('id', 'not in', opts.excludeIds);
  const rows = await q
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(literalInt(opts.limit))
    .offset(literalInt(opts.offset ?? 0))
    .execute();
  return rows as ArticleListRow[];
}

export async function listInCategory(
  db: Db,
  opts: { categoryId: number; isRoot: boolean; now: string; limit: number; offset?: number },
): Promise<ArticleListRow[]> {
  const rows = await db
    .selectFrom('articles')
    .select(listColumns)
    .where(opts.isRoot ? 'root_category_id' : 'category_id', '=', opts.categoryId)
    .where('status', '=', 'published')
    .where('published_at', '<=', opts.now)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(literalInt(opts.limit))
    .offset(literalInt(opts.offset ?? 0))
    .execute();
  return rows as ArticleListRow[];
}

/** The articles published just before this one in its category, topped up with newer ones. */
export async function listRelated(db: Db, article: ArticleRow, limit: number, now: string): Promise<ArticleListRow[]> {
  const base = () =>
    db
      .selectFrom('articles')
      .select(listColumns)
      .where('category_id', '=', article.category_id)
      .where('status', '=', 'published')
      .where('id', '!=', article.id);
  const older = (await base()
    .where('published_at', '<=', article.published_at)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(literalInt(limit))
    .execute()) as ArticleListRow[];
  if (older.length >= limit) return older;
  const newer = (await base()
    .where('published_at', '>', article.published_at)
    .where('published_at', '<=', now)
    .orderBy('published_at', 'asc')
    .limit(literalInt(limit - older.length))
    .execute()) as ArticleListRow[];
  return [...newer.reverse(), ...older];
}

export function listTagsOfArticle(db: Db, articleId: number): Promise<{ slug: string; name: string }[]> {
  return db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['tags.slug', 'tags.name'])
    .where('article_tags.article_id', '=', articleId)
    .orderBy('article_tags.position')
    .execute();
}

export type ArticleWrite = Pick<
  ArticlesTable,
  'title' | 'slug' | 'sapo' | 'body_html' | 'byline' | 'status' | 'category_id' | 'root_category_id' | 'published_at'
>;

export function findArticleIdByImportKey(db: Db, importKey: string) {
  return db
    .selectFrom('articles')
    .select(['id', 'category_id', 'root_category_id'])
    .where('import_key', '=', importKey)
    .executeTakeFirst();
}

export async function insertArticle(db: Db, a: ArticleWrite & { import_key: string | null }, now: string): Promise<number> {
  const row = await db
    .insertInto('articles')
    .values({ ...a, title_key: titleKey(a.title), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateArticle(db: Db, id: number, a: ArticleWrite, now: string): Promise<void> {
  await db
    .updateTable('articles')
    .set((eb) => ({ ...a, title_key: titleKey(a.title), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Replaces an article's tags, creating tags that do not exist yet. */
export async function setArticleTags(db: Db, articleId: number, tags: readonly { slug: string; name: string }[]) {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  let position = 0;
  for (const tag of tags) {
    await db.insertInto('tags').values(tag).onConflict((oc) => oc.column('slug').doNothing()).execute();
    const { id } = await db.selectFrom('tags').select('id').where('slug', '=', tag.slug).executeTakeFirstOrThrow();
    await db
      .insertInto('article_tags')
      .values({ article_id: articleId, tag_id: id, position: position++ })
      .onConflict((oc) => oc.columns(['article_id', 'tag_id']).doNothing())
      .execute();
  }
}

export async function countArticles(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

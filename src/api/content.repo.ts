import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Cursor } from './content.schema.js';

type Db = Kysely<Database>;

export interface ApiArticleRow {
  id: number;
  title: string;
  slug: string;
  sapo: string;
  byline: string | null;
  category_id: number;
  published_at: string;
  updated_at: string;
  comment_count: number;
}

export interface ArticleFilter {
  /** Set to filter on one category (by its own id, or as a root for its children too). */
  category?: { id: number; isRoot: boolean };
  tagSlug?: string;
  /** UTC instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  updatedSince?: string;
  cursor?: Cursor;
  now: string;
  limit: number;
}

const summaryColumns = [
  'articles.id',
  'articles.title',
  'articles.slug',
  'articles.sapo',
  'articles.byline',
  'articles.category_id',
  'articles.published_at',
  'articles.updated_at',
  'articles.comment_count',
] as const;

/** Public articles, newest first, after the cursor: keyset paging, so pages neither skip nor repeat as articles arrive. */
export async function listPublicArticles(db: Db, f: ArticleFilter): Promise<ApiArticleRow[]> {
  let q = db
    .selectFrom('articles')
    .select(summaryColumns)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', f.now);
  if (f.category)
    q = q.where(f.category.isRoot ? 'articles.root_category_id' : 'articles.category_id', '=', f.category.id);
  if (f.tagSlug !== undefined) {
    const tagSlug = f.tagSlug;
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select('article_tags.tag_id')
          .whereRef('article_tags.article_id', '=', 'articles.id')
          .where('tags.slug', '=', tagSlug),
      ),
    );
  }
  if (f.from !== undefined) q = q.where('articles.published_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('articles.published_at', '<', f.to);
  if (f.updatedSince !== undefined) q = q.where('articles.updated_at', '>=', f.updatedSince);
  if (f.cursor) {
    const { publishedAt, id } = f.cursor;
    q = q.where(({ or, and, eb }) =>
      or([
        eb('articles.published_at', '<', publishedAt),
        and([eb('articles.published_at', '=', publishedAt), eb('articles.id', '<', id)]),
      ]),
    );
  }
  const rows = await q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(f.limit).execute();
  return rows as ApiArticleRow[];
}

export async function findPublicArticle(db: Db, id: number, now: string) {
  const row = await db
    .selectFrom('articles')
    .select([...summaryColumns, 'articles.body_html', 'articles.seo_title', 'articles.seo_description'])
    .where('articles.id', '=', id)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .executeTakeFirst();
  return row as (ApiArticleRow & { body_html: string; seo_title: string; seo_description: string }) | undefined;
}

/** One article's validator: its own updated_at and its category's (whose name it carries). */
export async function publicArticleVersion(db: Db, id: number, now: string) {
  return db
    .selectFrom('articles')
    .innerJoin('categories', 'categories.id', 'articles.category_id')
    .select(['articles.updated_at as article', 'categories.updated_at as category'])
    .where('articles.id', '=', id)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .executeTakeFirst();
}

export async function tagsOfArticles(db: Db, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', 'in', ids)
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position')
    .execute();
}

/**
 * What every public answer depends on, as four index lookups (no count: that reads every row). Any save,
 * publish or unpublish moves the newest updated_at; a scheduled article going live moves the newest visible
 * publish time (it is the newest then); a delete writes the audit log; a renamed category moves its own.
 */
export async function contentVersion(db: Db, now: string) {
  const articles = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('updated_at').as('updated'))
    .executeTakeFirst();
  const visible = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('published_at').as('newest'))
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .executeTakeFirst();
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  const categories = await db
    .selectFrom('categories')
    .select((eb) => [eb.fn.max('updated_at').as('updated'), eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  return {
    articlesUpdated: articles?.updated ? String(articles.updated) : '',
    newestVisible: visible?.newest ? String(visible.newest) : '',
    lastAudit: Number(audit?.last ?? 0),
    categoriesUpdated: categories.updated ? String(categories.updated) : '',
    categories: Number(categories.n),
  };
}

import type { Kysely, Transaction } from 'kysely';
import { literalInt, preparedQuery } from '../db/prepared.js';
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
  /** Approved comments that answer no other: the article page's comment pages. */
  top_comment_count: number;
  seo_title: string;
  seo_description: string;
}

const listColumns = [
  'id',
  'title',
  'slug',
  'sapo',
  'category_id',
  'published_at',
  'comment_count',
  'cover_media_id',
] as const;
/** Related links show a headline and a time only; each column read costs, and the sapo is long. */
const linkColumns = ['id', 'title', 'slug', 'category_id', 'published_at'] as const;

export type ArticleLinkRow = Pick<ArticleListRow, (typeof linkColumns)[number]>;

// Every listing filters on status + published_at <= now and reads an index in
// published_at order, so its cost is the page size, not the article count.

const selectPublishedArticle = preparedQuery((db, id: number, now: string) =>
  db
    .selectFrom('articles')
    .select([
      ...listColumns,
      'body_html',
      'byline',
      'status',
      'root_category_id',
      'updated_at',
      'comments_closed',
      'top_comment_count',
      'seo_title',
      'seo_description',
    ])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('published_at', '<=', now),
);

export async function findPublishedArticle(db: Db, id: number, now: string): Promise<ArticleRow | undefined> {
  const [row] = await selectPublishedArticle(db, id, now);
  return row as ArticleRow | undefined;
}

type Listing = (db: Db, ...args: [now: string] | [now: string, categoryId: number]) => Promise<ArticleListRow[]>;

/**
 * Listings prepared once per shape (filter, limit, offset: the limit and
 * offset are written into the SQL, see literalInt). Shapes come from page
 * numbers, so past a few hundred they are built each time, not kept.
 */
const listingsByShape = new Map<string, Listing>();
const MAX_LISTING_SHAPES = 300;

function listing(filter: 'all' | 'root_category_id' | 'category_id', limit: number, offset: number): Listing {
  const key = `${filter}:${limit}:${offset}`;
  let prepared = listingsByShape.get(key);
  if (prepared) return prepared;
  const base = (db: Db, now: string) =>
    db.selectFrom('articles').select(listColumns).where('status', '=', 'published').where('published_at', '<=', now);
  const page = <T extends ReturnType<typeof base>>(q: T) =>
    q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(literalInt(limit)).offset(literalInt(offset));
  prepared = (
    filter === 'all'
      ? preparedQuery((db, now: string) => page(base(db, now)))
      : preparedQuery((db, now: string, categoryId: number) => page(base(db, now).where(filter, '=', categoryId)))
  ) as Listing;
  if (listingsByShape.size < MAX_LISTING_SHAPES) listingsByShape.set(key, prepared);
  return prepared;
}

export function listLatest(db: Db, opts: { now: string; limit: number; offset?: number }): Promise<ArticleListRow[]> {
  return listing('all', opts.limit, opts.offset ?? 0)(db, opts.now);
}

export function listInCategory(
  db: Db,
  opts: { categoryId: number; isRoot: boolean; now: string; limit: number; offset?: number },
): Promise<ArticleListRow[]> {
  return listing(opts.isRoot ? 'root_category_id' : 'category_id', opts.limit, opts.offset ?? 0)(
    db,
    opts.now,
    opts.categoryId,
  );
}

const RELATED_LIMIT = 5;
const relatedBase = (db: Db, categoryId: number, exceptId: number) =>
  db
    .selectFrom('articles')
    .select(linkColumns)
    .where('category_id', '=', categoryId)
    .where('status', '=', 'published')
    .where('id', '!=', exceptId);
const selectOlderRelated = preparedQuery((db, categoryId: number, exceptId: number, publishedAt: string) =>
  relatedBase(db, categoryId, exceptId)
    .where('published_at', '<=', publishedAt)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(literalInt(RELATED_LIMIT)),
);
const selectNewerRelated = preparedQuery((db, categoryId: number, exceptId: number, publishedAt: string, now: string) =>
  relatedBase(db, categoryId, exceptId)
    .where('published_at', '>', publishedAt)
    .where('published_at', '<=', now)
    .orderBy('published_at', 'asc')
    .limit(literalInt(RELATED_LIMIT)),
);

/** The 5 articles of the same category published just before this one (or just after, for the newest). */
export async function listRelated(db: Db, article: ArticleRow, now: string): Promise<ArticleLinkRow[]> {
  const older = (await selectOlderRelated(
    db,
    article.category_id,
    article.id,
    article.published_at,
  )) as ArticleLinkRow[];
  if (older.length >= RELATED_LIMIT) return older;
  const newer = (await selectNewerRelated(
    db,
    article.category_id,
    article.id,
    article.published_at,
    now,
  )) as ArticleLinkRow[];
  return [...newer.slice(0, RELATED_LIMIT - older.length).reverse(), ...older];
}

const selectTagsOfArticle = preparedQuery((db, articleId: number) =>
  db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['tags.slug', 'tags.name'])
    .where('article_tags.article_id', '=', articleId)
    .orderBy('article_tags.position'),
);

export function listTagsOfArticle(db: Db, articleId: number): Promise<{ slug: string; name: string }[]> {
  return selectTagsOfArticle(db, articleId);
}

export type ArticleWrite = Pick<
  ArticlesTable,
  'title' | 'slug' | 'sapo' | 'body_html' | 'byline' | 'status' | 'category_id' | 'root_category_id' | 'published_at'
>;

/** The articles already imported under these keys, by key. */
export async function findArticlesByImportKeys(
  db: Db,
  importKeys: readonly string[],
): Promise<Map<string, { id: number; status: ArticleStatus; category_id: number; root_category_id: number }>> {
  if (!importKeys.length) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'status', 'category_id', 'root_category_id', 'import_key'])
    .where('import_key', 'in', [...importKeys])
    .execute();
  return new Map(rows.map((r) => [r.import_key!, r]));
}

/** Columns an importer sets beyond the form's: who wrote it, its cover, when it was first written, a pending schedule. */
export interface ArticleImportColumns {
  author_id?: number | null;
  cover_media_id?: number | null;
  schedule_pending?: number;
  created_at?: string;
}

export async function insertArticle(
  db: Db,
  a: ArticleWrite & { import_key: string | null },
  now: string,
  extra: ArticleImportColumns = {},
): Promise<number> {
  return (await insertArticles(db, [{ ...a, extra }], now))[0]!;
}

/**
 * Many new articles in one statement; their ids in the order given. Rows get their ids from the
 * table's sequence (SQLite's AUTOINCREMENT, PostgreSQL's serial) in the order of the VALUES
 * list, so the returned ids, sorted, are in that order too: RETURNING itself promises no order.
 * Every row must set the same `extra` columns.
 */
export async function insertArticles(
  db: Db,
  rows: readonly (ArticleWrite & { import_key: string | null; extra: ArticleImportColumns })[],
  now: string,
): Promise<number[]> {
  if (!rows.length) return [];
  const inserted = await db
    .insertInto('articles')
    .values(
      rows.map(({ extra, ...a }) => ({
        ...a,
        title_key: titleKey(a.title),
        created_at: now,
        updated_at: now,
        ...extra,
      })),
    )
    .returning('id')
    .execute();
  return inserted.map((r) => r.id).sort((x, y) => x - y);
}

export async function updateArticle(
  db: Db,
  id: number,
  a: ArticleWrite,
  now: string,
  extra: ArticleImportColumns = {},
): Promise<void> {
  await db
    .updateTable('articles')
    .set((eb) => ({ ...a, ...extra, title_key: titleKey(a.title), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function updateCover(db: Db, id: number, mediaId: number | null): Promise<void> {
  await db.updateTable('articles').set({ cover_media_id: mediaId }).where('id', '=', id).execute();
}

/** Replaces an article's tags, creating tags that do not exist yet. */
export function setArticleTags(db: Db, articleId: number, tags: readonly { slug: string; name: string }[]) {
  return setTagsOfArticles(db, [{ articleId, tags, replace: true }]);
}

/**
 * Tags of many articles in four statements, whatever their number: `replace` drops an article's
 * old tags first (a new article has none). A tag named differently by two articles keeps the
 * first name, as when they are saved one after the other.
 */
export async function setTagsOfArticles(
  db: Db,
  entries: readonly { articleId: number; tags: readonly { slug: string; name: string }[]; replace: boolean }[],
): Promise<void> {
  const replaced = entries.filter((e) => e.replace).map((e) => e.articleId);
  if (replaced.length) await db.deleteFrom('article_tags').where('article_id', 'in', replaced).execute();
  const names = new Map<string, string>();
  for (const e of entries) for (const t of e.tags) if (!names.has(t.slug)) names.set(t.slug, t.name);
  if (!names.size) return;
  await db
    .insertInto('tags')
    .values([...names].map(([slug, name]) => ({ slug, name })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const ids = new Map(
    (
      await db
        .selectFrom('tags')
        .select(['id', 'slug'])
        .where('slug', 'in', [...names.keys()])
        .execute()
    ).map((t) => [t.slug, t.id]),
  );
  await db
    .insertInto('article_tags')
    .values(
      entries.flatMap((e) =>
        e.tags.map((t, position) => ({ article_id: e.articleId, tag_id: ids.get(t.slug)!, position })),
      ),
    )
    .onConflict((oc) => oc.columns(['article_id', 'tag_id']).doNothing())
    .execute();
}

export async function countArticles(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Article ids that still exist, of those given: an importer's map may name articles deleted since. */
export async function existingArticleIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

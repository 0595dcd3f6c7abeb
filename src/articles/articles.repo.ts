import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DbHandle } from '../db/index.js';
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

const articleColumns = [
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
] as const;

const selectPublishedArticle = preparedQuery((db, id: number, now: string) =>
  db
    .selectFrom('articles')
    .select(articleColumns)
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('published_at', '<=', now),
);

export async function findPublishedArticle(db: Db, id: number, now: string): Promise<ArticleRow | undefined> {
  const [row] = await selectPublishedArticle(db, id, now);
  return row as ArticleRow | undefined;
}

const selectFeatured = preparedQuery((db, now: string) =>
  db
    .selectFrom('articles')
    .select(listColumns)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .where('featured', '=', 1)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(literalInt(1)),
);

/** The newest live article the editors marked "Tin nổi bật", if any. */
export async function findFeatured(db: Db, now: string): Promise<ArticleListRow | undefined> {
  const [row] = await selectFeatured(db, now);
  // published_at is set on every published article, as in the listings.
  return row as ArticleListRow | undefined;
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

/**
 * The home page's lists: the latest articles, and the latest of each root
 * category. On PostgreSQL one statement for all of them (a round trip per
 * list was most of the page's cost); SQLite answers each in-process.
 */
export async function listHomeLists(
  handle: DbHandle,
  opts: { now: string; latest: number; roots: readonly number[]; perRoot: number },
): Promise<{ latest: ArticleListRow[]; featured: ArticleListRow | undefined; blocks: ArticleListRow[][] }> {
  const db = handle.kysely;
  if (handle.dialect !== 'postgres') {
    const [featured, latest, ...blocks] = await Promise.all([
      findFeatured(db, opts.now),
      listLatest(db, { now: opts.now, limit: opts.latest }),
      ...opts.roots.map((categoryId) =>
        listInCategory(db, { categoryId, isRoot: true, now: opts.now, limit: opts.perRoot }),
      ),
    ]);
    return {
      latest: latest as ArticleListRow[],
      featured: featured as ArticleListRow | undefined,
      blocks: blocks as ArticleListRow[][],
    };
  }
  const rows = await homeListsStatement(opts.latest, opts.perRoot)(db, opts.now, opts.roots.join(','));
  const latest: ArticleListRow[] = [];
  let featured: ArticleListRow | undefined;
  const byRoot = new Map<number, ArticleListRow[]>();
  for (const { list, ...row } of rows) {
    if (list === 0) latest.push(row);
    else if (list === -1) featured = row;
    else byRoot.set(list, [...(byRoot.get(list) ?? []), row]);
  }
  return { latest, featured, blocks: opts.roots.map((id) => byRoot.get(id) ?? []) };
}

type HomeListsRow = ArticleListRow & { list: number };
const homeListsByShape = new Map<string, (db: Db, now: string, roots: string) => Promise<HomeListsRow[]>>();
function homeListsStatement(latest: number, perRoot: number) {
  const key = `${latest}:${perRoot}`;
  let prepared = homeListsByShape.get(key);
  if (!prepared) {
    // List 0 is the latest, -1 the editors' "Tin nổi bật"; the others, one per root category id in `roots`
    // (comma-separated, so one shape).
    const columns = sql.join(listColumns.map((c) => sql.ref(`a.${c}`)));
    const newest = sql`order by a.published_at desc, a.id desc`;
    prepared = preparedQuery((db, now: string, roots: string) => ({
      compile: () =>
        sql<HomeListsRow>`(select 0 as list, ${columns} from articles a
            where a.status = 'published' and a.published_at <= ${now} ${newest} limit ${literalInt(latest)})
          union all
          (select -1 as list, ${columns} from articles a
            where a.status = 'published' and a.published_at <= ${now} and a.featured = 1 ${newest} limit 1)
          union all
          (select r.id as list, l.* from unnest(cast(string_to_array(${roots}, ',') as int[])) as r(id)
            cross join lateral (select ${columns} from articles a
              where a.root_category_id = r.id and a.status = 'published' and a.published_at <= ${now}
              ${newest} limit ${literalInt(perRoot)}) l)`.compile(db),
    }));
    homeListsByShape.set(key, prepared);
  }
  return prepared;
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
async function listRelated(db: Db, article: ArticleRow, now: string): Promise<ArticleLinkRow[]> {
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
  return relatedFrom(older, newer);
}

/** The older links, topped up with the nearest newer ones when there are fewer than RELATED_LIMIT. */
function relatedFrom(older: ArticleLinkRow[], newer: ArticleLinkRow[]): ArticleLinkRow[] {
  if (older.length >= RELATED_LIMIT) return older;
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

export interface ArticleForPage {
  article: ArticleRow;
  tags: { slug: string; name: string }[];
  related: ArticleLinkRow[];
}

/**
 * A published article with its tags and related links, for its page. On
 * PostgreSQL that is one statement: each round trip costs the server and the
 * driver more than these index look-ups do (4 statements a view took 1/6 of
 * SQLite's throughput). SQLite answers in-process, so it keeps its small
 * prepared statements.
 */
export async function findArticleForPage(
  handle: DbHandle,
  id: number,
  now: string,
): Promise<ArticleForPage | undefined> {
  const db = handle.kysely;
  if (handle.dialect === 'postgres') {
    const [row] = await selectArticleWithLinks(db, id, now);
    if (!row) return undefined;
    const { tags, older, newer, ...article } = row;
    // Published rows (the query asks for them) always have a time.
    const links = (rows: typeof older) => rows.map((r) => fromJson(r as ArticleLinkRow));
    return { article: article as ArticleRow, tags, related: relatedFrom(links(older), links(newer)) };
  }
  const article = await findPublishedArticle(db, id, now);
  if (!article) return undefined;
  const [tags, related] = await Promise.all([listTagsOfArticle(db, id), listRelated(db, article, now)]);
  return { article, tags, related };
}

const selectArticleWithLinks = preparedQuery((db, id: number, now: string) =>
  db
    .selectFrom('articles as a')
    .select(articleColumns.map((c) => `a.${c}` as const))
    .select((eb) => {
      const sameCategory = eb
        .selectFrom('articles as r')
        .select(linkColumns.map((c) => `r.${c}` as const))
        .whereRef('r.category_id', '=', 'a.category_id')
        .where('r.status', '=', 'published')
        .whereRef('r.id', '!=', 'a.id');
      return [
        jsonArrayFrom(
          eb
            .selectFrom('article_tags')
            .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
            .select(['tags.slug', 'tags.name'])
            .whereRef('article_tags.article_id', '=', 'a.id')
            .orderBy('article_tags.position'),
        ).as('tags'),
        jsonArrayFrom(
          sameCategory
            .whereRef('r.published_at', '<=', 'a.published_at')
            .orderBy('r.published_at', 'desc')
            .orderBy('r.id', 'desc')
            .limit(literalInt(RELATED_LIMIT)),
        ).as('older'),
        jsonArrayFrom(
          sameCategory
            .whereRef('r.published_at', '>', 'a.published_at')
            // Kept out of the index range: bounded on both sides, the range looked tiny to the planner, which then
            // read every newer article of the category and sorted them (10 ms for the oldest of 700) to keep 5.
            .where(sql<boolean>`(${sql.ref('r.published_at')} <= ${now}) is true`)
            .orderBy('r.published_at', 'asc')
            .limit(literalInt(RELATED_LIMIT)),
        ).as('newer'),
      ];
    })
    .where('a.id', '=', id)
    .where('a.status', '=', 'published')
    .where('a.published_at', '<=', now),
);

/** JSON carries timestamps as PostgreSQL writes them; rows elsewhere carry them as UTC ISO strings. */
function fromJson(link: ArticleLinkRow): ArticleLinkRow {
  link.published_at = new Date(link.published_at).toISOString();
  return link;
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

/** Articles with one of these exact titles and no cover: the demo's, when a first start stopped before drawing them. */
export async function uncoveredWithTitles(db: Db, titles: readonly string[]): Promise<{ id: number; title: string }[]> {
  if (!titles.length) return [];
  return db
    .selectFrom('articles')
    .select(['id', 'title'])
    .where('title', 'in', titles)
    .where('cover_media_id', 'is', null)
    .execute();
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

import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import { titleKey } from '../articles/title-key.js';
import type { ArticleRevisionsTable, ArticleStatus, ArticlesTable, Database } from '../db/schema.js';
import { containsPattern } from '../db/text-match.js';

type Db = Kysely<Database> | Transaction<Database>;

const articleColumns = [
  'id',
  'title',
  'slug',
  'sapo',
  'body_html',
  'byline',
  'status',
  'category_id',
  'root_category_id',
  'published_at',
  'created_at',
  'updated_at',
  'version',
  'author_id',
  'seo_title',
  'seo_description',
  'comments_closed',
  'cover_media_id',
  'featured',
  'review_note',
  'schedule_pending',
  'trashed_at',
] as const;

/** Everything but the importer's key, the comments' own counter and the search key. */
export type StaffArticle = Omit<
  Selectable<ArticlesTable>,
  'import_key' | 'comment_count' | 'top_comment_count' | 'title_key'
>;

const listColumns = [
  'id',
  'title',
  'status',
  'category_id',
  'author_id',
  'byline',
  'published_at',
  'updated_at',
  'schedule_pending',
  'featured',
] as const;
export type StaffArticleListRow = Pick<StaffArticle, (typeof listColumns)[number]>;

/** What the newsroom's article list can be narrowed to; every field is optional. */
export interface StaffArticleFilter {
  status?: ArticleStatus;
  /** A top-level category also matches its children's articles. */
  category?: { id: number; isRoot: boolean };
  authorId?: number;
  /** Already folded with titleKey; matched anywhere in the headline. */
  titleKey?: string;
  /** Only the articles marked "Tin nổi bật". */
  featured?: boolean;
}

function filtered(db: Db, f: StaffArticleFilter) {
  let q = db.selectFrom('articles').where('articles.trashed_at', 'is', null);
  if (f.status) q = q.where('articles.status', '=', f.status);
  if (f.category)
    q = q.where(f.category.isRoot ? 'articles.root_category_id' : 'articles.category_id', '=', f.category.id);
  if (f.authorId !== undefined) q = q.where('articles.author_id', '=', f.authorId);
  if (f.featured) q = q.where('articles.featured', '=', 1);
  if (f.titleKey) q = q.where(sql<boolean>`articles.title_key like ${containsPattern(f.titleKey)} escape '\\'`);
  return q;
}

export type StaffArticleListRowWithAuthor = StaffArticleListRow & { author_name: string | null };

/**
 * One page of the newsroom's list, newest change first. Each filter has an
 * index in updated_at order (migrations 005, 008), so a page reads about its
 * own rows; the title search is checked on the rows those indexes give.
 */
export function listForStaff(
  db: Db,
  f: StaffArticleFilter,
  page: { limit: number; offset: number },
): Promise<StaffArticleListRowWithAuthor[]> {
  return filtered(db, f)
    .leftJoin('users', 'users.id', 'articles.author_id')
    .select(listColumns.map((c) => `articles.${c}` as const))
    .select('users.display_name as author_name')
    .orderBy('articles.updated_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countForStaff(db: Db, f: StaffArticleFilter): Promise<number> {
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export function findStaffArticle(db: Db, id: number): Promise<StaffArticle | undefined> {
  return db.selectFrom('articles').select(articleColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertStaffArticle(
  db: Db,
  a: Omit<StaffArticle, 'id' | 'version' | 'created_at' | 'updated_at' | 'trashed_at'>,
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('articles')
    .values({ ...a, title_key: titleKey(a.title), import_key: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Writes only if the row is still at the version the writer read: the
 * optimistic check that turns a lost update into a conflict. Returns the new version, or null.
 */
export async function updateIfVersion(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: Updateable<ArticlesTable>,
  now: string,
): Promise<number | null> {
  const result = await db
    .updateTable('articles')
    .set((eb) => ({
      ...changes,
      ...(changes.title === undefined ? {} : { title_key: titleKey(changes.title) }),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? expectedVersion + 1 : null;
}

export async function deleteArticleRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('articles').where('id', '=', id).execute();
}

export type RevisionRow = Selectable<ArticleRevisionsTable>;

/**
 * Numbered after the article's last revision, inside the caller's transaction:
 * the article's row is already locked by the save, so two saves cannot take one number.
 */
export async function insertRevision(
  db: Db,
  r: Omit<RevisionRow, 'id' | 'revision_number' | 'featured'> & { featured?: number | null },
): Promise<number> {
  const last = await db
    .selectFrom('article_revisions')
    .select((eb) => eb.fn.max('revision_number').as('n'))
    .where('article_id', '=', r.article_id)
    .executeTakeFirst();
  const row = await db
    .insertInto('article_revisions')
    .values({ ...r, revision_number: Number(last?.n ?? 0) + 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listRevisions(db: Db, articleId: number): Promise<RevisionRow[]> {
  return db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .orderBy('revision_number', 'desc')
    .execute();
}

export function findRevision(db: Db, articleId: number, revisionId: number): Promise<RevisionRow | undefined> {
  return db
    .selectFrom('article_revisions')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('id', '=', revisionId)
    .executeTakeFirst();
}

export function listByStatus(
  db: Db,
  opts: {
    statuses: readonly ArticleStatus[];
    authorId?: number;
    limit: number;
    orderBy?: 'updated_at' | 'published_at';
    /** Leaves out articles still waiting for their scheduled time (they are "published" only in status). */
    liveOnly?: boolean;
  },
): Promise<StaffArticleListRow[]> {
  let q = db
    .selectFrom('articles')
    .select(listColumns)
    .where('status', 'in', opts.statuses)
    .where('trashed_at', 'is', null);
  if (opts.authorId !== undefined) q = q.where('author_id', '=', opts.authorId);
  if (opts.liveOnly) q = q.where('schedule_pending', '=', 0);
  return q
    .orderBy(opts.orderBy ?? 'updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .execute();
}

export function listScheduled(db: Db, limit: number): Promise<StaffArticleListRow[]> {
  return db
    .selectFrom('articles')
    .select(listColumns)
    .where('schedule_pending', '=', 1)
    .where('trashed_at', 'is', null)
    .orderBy('published_at', 'asc')
    .limit(limit)
    .execute();
}

/** Scheduled articles whose time has come, for the scheduler. */
export function listDueScheduled(db: Db, now: string) {
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'slug', 'category_id', 'root_category_id', 'published_at', 'updated_at'])
    .where('schedule_pending', '=', 1)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .execute();
}

export async function nextScheduledTime(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select('published_at')
    .where('schedule_pending', '=', 1)
    .where('status', '=', 'published')
    .orderBy('published_at', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row?.published_at ?? null;
}

export async function clearSchedulePending(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.updateTable('articles').set({ schedule_pending: 0 }).where('id', 'in', ids).execute();
}

import { sql, type Kysely, type RawBuilder, type Selectable, type Transaction } from 'kysely';
import { literalInt, preparedQuery } from '../db/prepared.js';
import type { CommentsTable, CommentStatus, Database } from '../db/schema.js';
import { containsText } from '../db/text-match.js';
import { COMMENT_HTML_VERSION, commentTextColumns } from './comment-text.js';

type Db = Kysely<Database> | Transaction<Database>;

const columns = [
  'id',
  'article_id',
  'document_id',
  'parent_id',
  'user_id',
  'author_name',
  'author_email',
  'body',
  'body_html',
  'status',
  'is_official',
  'ip',
  'reports',
  'owner_token_hash',
  'created_at',
  'updated_at',
  'trashed_at',
] as const;

export type CommentRow = Pick<Selectable<CommentsTable>, (typeof columns)[number]>;

/** What a comment is on: an article, or a document under public consultation (its góp ý). */
export interface CommentTarget {
  column: 'article_id' | 'document_id';
  id: number;
}

export function targetOf(c: Pick<CommentRow, 'article_id' | 'document_id'>): CommentTarget {
  return c.article_id !== null
    ? { column: 'article_id', id: c.article_id }
    : { column: 'document_id', id: c.document_id! };
}

export type CommentWrite = Pick<
  Selectable<CommentsTable>,
  | 'article_id'
  | 'parent_id'
  | 'user_id'
  | 'author_name'
  | 'author_email'
  | 'body'
  | 'status'
  | 'is_official'
  | 'ip'
  | 'content_hash'
> &
  Partial<Pick<Selectable<CommentsTable>, 'owner_token_hash' | 'document_id'>>;

/*
 * The two writes of a comment's text store its HTML beside it, from the one
 * renderer (comment-text.ts): neither can be written without the other.
 */
export async function insertComment(db: Db, c: CommentWrite, now: string, createdAt = now): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({ ...c, ...commentTextColumns(c.body), created_at: createdAt, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findComment(db: Db, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').select(columns).where('id', '=', id).executeTakeFirst();
}

export function findCommentsByIds(db: Db, ids: number[]): Promise<CommentRow[]> {
  return ids.length ? db.selectFrom('comments').select(columns).where('id', 'in', ids).execute() : Promise.resolve([]);
}

export async function setCommentStatus(db: Db, ids: number[], status: CommentStatus, now: string): Promise<void> {
  await db.updateTable('comments').set({ status, updated_at: now }).where('id', 'in', ids).execute();
}

/** Returns the text as stored, HTML included. */
export async function updateCommentBody(db: Db, id: number, body: string, contentHash: string, now: string) {
  const text = commentTextColumns(body);
  await db
    .updateTable('comments')
    .set({ ...text, content_hash: contentHash, updated_at: now })
    .where('id', '=', id)
    .execute();
  return text;
}

/** Into the trash: out of every tab and off the article (no longer approved); the entry keeps the status. */
export async function trashCommentRows(db: Db, ids: number[], now: string): Promise<void> {
  await db
    .updateTable('comments')
    .set({ status: 'rejected', trashed_at: now, updated_at: now })
    .where('id', 'in', ids)
    .execute();
}

export async function restoreCommentRow(db: Db, id: number, status: CommentStatus, now: string): Promise<void> {
  await db.updateTable('comments').set({ status, trashed_at: null, updated_at: now }).where('id', '=', id).execute();
}

export async function deleteComments(db: Db, ids: number[]): Promise<void> {
  await db.deleteFrom('comments').where('id', 'in', ids).execute();
}

export async function addReport(db: Db, id: number): Promise<boolean> {
  const res = await db
    .updateTable('comments')
    .set((eb) => ({ reports: eb('reports', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The approved comments (all, and top-level) on one target (an id, or the updated row's column), as the columns that keep them. */
function counted(column: CommentTarget['column'], id: number | RawBuilder<unknown>) {
  const on = sql`comments.${sql.ref(column)} = ${id} and comments.status = 'approved'`;
  return {
    comment_count: sql<number>`(select count(*) from comments where ${on})`,
    top_comment_count: sql<number>`(select count(*) from comments where ${on} and comments.parent_id is null)`,
  };
}

/** Recounts approved comments (all, and top-level) on these articles, inside the caller's transaction. */
export async function refreshCommentCounts(db: Db, articleIds: readonly (number | null)[]): Promise<void> {
  const ids = [...new Set(articleIds)].filter((id) => id !== null);
  // One statement for them all: an import recounts a batch of hundreds of articles.
  for (let i = 0; i < ids.length; i += COUNT_CHUNK)
    await db
      .updateTable('articles')
      .set(counted('article_id', sql`articles.id`))
      .where('id', 'in', ids.slice(i, i + COUNT_CHUNK))
      .execute();
}
const COUNT_CHUNK = 500;

/** The same for consultations: their góp ý are counted on the consultation, as an article's on the article. */
async function refreshConsultationCounts(db: Db, documentIds: readonly (number | null)[]): Promise<void> {
  for (const id of new Set(documentIds)) {
    if (id !== null)
      await db.updateTable('consultations').set(counted('document_id', id)).where('document_id', '=', id).execute();
  }
}

/** Recounts whatever these comments are on. */
export async function refreshTargetCounts(
  db: Db,
  comments: readonly Pick<CommentRow, 'article_id' | 'document_id'>[],
): Promise<void> {
  await refreshCommentCounts(
    db,
    comments.map((c) => c.article_id),
  );
  await refreshConsultationCounts(
    db,
    comments.map((c) => c.document_id),
  );
}

/** What a reader sees of a comment under the article: its stored HTML and the few fields shown beside it. */
const shownColumns = ['id', 'parent_id', 'author_name', 'body_html', 'is_official', 'created_at'] as const;
export type ShownComment = Pick<Selectable<CommentsTable>, (typeof shownColumns)[number]>;

/** Top-level comments per page under an article; replies show under their comment. */
export const COMMENTS_PER_PAGE = 50;

/**
 * One page of approved top-level comments, oldest first, with their approved
 * replies. `anyReplies: false` (the article's counts say it has none) saves
 * looking for them.
 */
export async function listApprovedPage(db: Db, target: CommentTarget, page: number, { anyReplies = true } = {}) {
  const queries = approvedQueries[target.column];
  const top = await queries.top(db, target.id, (page - 1) * COMMENTS_PER_PAGE);
  if (!top.length || !anyReplies) return { top, replies: [] };
  const replies = await queries.replies(db, target.id, top[0]!.id, top[top.length - 1]!.id);
  const shown = new Set(top.map((c) => c.id));
  // The range also holds replies whose parent was later hidden; they have nowhere to show.
  return { top, replies: replies.filter((r) => shown.has(r.parent_id!)) };
}

// The page size is written into the SQL (see literalInt); the offset stays bound, so one statement serves every page.
const selectApprovedTopLevel = (column: CommentTarget['column']) =>
  preparedQuery((db, targetId: number, offset: number) =>
    db
      .selectFrom('comments')
      .where(column, '=', targetId)
      .where('status', '=', 'approved')
      .where('parent_id', 'is', null)
      .select(shownColumns)
      .orderBy('id', 'asc')
      .limit(literalInt(COMMENTS_PER_PAGE))
      .offset(offset),
  );

/**
 * The approved replies to the top-level comments with ids from first to last.
 * A page of top-level comments is every one in such a range, so the range
 * stands for the page's id list and the query is compiled once; its order
 * is that of the (article, status, parent, id) index, so nothing is sorted.
 */
const selectApprovedReplies = (column: CommentTarget['column']) =>
  preparedQuery((db, targetId: number, firstParent: number, lastParent: number) =>
    db
      .selectFrom('comments')
      .where(column, '=', targetId)
      .where('status', '=', 'approved')
      .where('parent_id', '>=', firstParent)
      .where('parent_id', '<=', lastParent)
      .select(shownColumns)
      .orderBy('parent_id', 'asc')
      .orderBy('id', 'asc'),
  );

/** Each target's own statements, both compiled once: an article's page reads by the same (article, …) index as before. */
const approvedQueries = {
  article_id: { top: selectApprovedTopLevel('article_id'), replies: selectApprovedReplies('article_id') },
  document_id: { top: selectApprovedTopLevel('document_id'), replies: selectApprovedReplies('document_id') },
};

/**
 * Renders again the comments whose stored HTML came from an older renderer
 * version; run at start-up. Guarded by the version, so an edit made meanwhile is kept.
 */
export async function renderStaleCommentHtml(db: Db): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db
      .selectFrom('comments')
      .select(['id', 'body'])
      .where('body_html_version', '<', COMMENT_HTML_VERSION)
      .orderBy('id')
      .limit(500)
      .execute();
    for (const r of rows) {
      await db
        .updateTable('comments')
        .set(commentTextColumns(r.body))
        .where('id', '=', r.id)
        .where('body_html_version', '<', COMMENT_HTML_VERSION)
        .execute();
    }
    done += rows.length;
    if (rows.length < 500) return done;
  }
}

/**
 * The comments on one article (or document) that belong to one viewer and are not (or not
 * yet) settled: held for moderation, or published but still editable. A
 * guest is known only by the ids in their cookies, which the caller checks. The newest 20, oldest
 * first: a reader with more waiting still sees the one they have just sent.
 */
export async function listOwnOnTarget(
  db: Db,
  target: CommentTarget,
  owner: { userId: number } | { ids: number[] },
  editableSince: string,
) {
  let q = db.selectFrom('comments').select(columns).where(target.column, '=', target.id);
  if ('userId' in owner) q = q.where('user_id', '=', owner.userId);
  else if (owner.ids.length) q = q.where('id', 'in', owner.ids).where('user_id', 'is', null);
  else return [];
  const newest = await q
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', 'approved'), eb('created_at', '>=', editableSince)]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
  return newest.reverse();
}

/** Has this text (by hash) come from the same author or address recently? */
export async function isRecentDuplicate(
  db: Db,
  opts: { contentHash: string; since: string; userId: number | null; ip: string; target: CommentTarget },
): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('content_hash', '=', opts.contentHash)
    .where('created_at', '>=', opts.since)
    .where((eb) =>
      eb.or([
        eb(opts.target.column, '=', opts.target.id),
        eb('ip', '=', opts.ip),
        ...(opts.userId !== null ? [eb('user_id', '=', opts.userId)] : []),
      ]),
    )
    .executeTakeFirst();
  return !!row;
}

export interface QueueFilter {
  status: CommentStatus;
  articleId?: number;
  documentId?: number;
  author?: string;
  ip?: string;
  /** Words the comment's text contains. */
  text?: string;
  limit: number;
  offset: number;
}

export interface QueueRow extends CommentRow {
  /** One of the two: the article's title, or the document's code and slug (a góp ý). */
  article_title: string | null;
  document_code: string | null;
  document_slug: string | null;
  /** 1 or 0 for an account's comment, whether its email is confirmed; null for a guest's. */
  author_email_verified: number | null;
  /** The account's role and whether it may comment ("Chặn người gửi"); null for a guest's comment. */
  author_role: string | null;
  author_banned: number | null;
}

/** Comments with what moderators and owners need beside them: what they are on and the author's account state. */
function commentsWithContext(db: Db) {
  return db
    .selectFrom('comments')
    .leftJoin('articles', 'articles.id', 'comments.article_id')
    .leftJoin('documents', 'documents.id', 'comments.document_id')
    .leftJoin('users', 'users.id', 'comments.user_id')
    .select([
      ...columns.map((c) => `comments.${c}` as const),
      'articles.title as article_title',
      'documents.code as document_code',
      'documents.slug as document_slug',
      'users.email_verified as author_email_verified',
      'users.role as author_role',
      'users.comments_banned as author_banned',
    ]);
}

export function listQueue(db: Db, f: QueueFilter): Promise<QueueRow[]> {
  let q = commentsWithContext(db).where('comments.status', '=', f.status).where('comments.trashed_at', 'is', null);
  if (f.articleId) q = q.where('comments.article_id', '=', f.articleId);
  if (f.documentId) q = q.where('comments.document_id', '=', f.documentId);
  if (f.ip) q = q.where('comments.ip', '=', f.ip);
  if (f.author) {
    const author = f.author;
    q = q.where((eb) =>
      eb.or([containsText('comments.author_name', author), containsText('comments.author_email', author)]),
    );
  }
  if (f.text) q = q.where(containsText('comments.body', f.text));
  // Pending: oldest first, so nobody waits longest; the other tabs: newest first.
  return q
    .orderBy('comments.id', f.status === 'pending' ? 'asc' : 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute() as Promise<QueueRow[]>;
}

export async function countByStatus(db: Db, status: CommentStatus): Promise<number> {
  const r = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listCommentsOfUser(db: Db, userId: number, limit: number) {
  return commentsWithContext(db)
    .where('comments.user_id', '=', userId)
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute() as Promise<QueueRow[]>;
}

export function findArticleForComment(db: Db, articleId: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'status', 'published_at', 'comments_closed', 'category_id', 'slug'])
    .where('id', '=', articleId)
    .executeTakeFirst();
}

/** A document as góp ý need it: whether it is shown, and its consultation's days (none: it takes no góp ý). */
export function findDocumentForComment(db: Db, documentId: number) {
  return db
    .selectFrom('documents')
    .innerJoin('consultations', 'consultations.document_id', 'documents.id')
    .select([
      'documents.id',
      'documents.slug',
      'documents.state',
      'documents.status',
      'documents.visible_roles',
      'consultations.opens_on',
      'consultations.closes_on',
    ])
    .where('documents.id', '=', documentId)
    .executeTakeFirst();
}

/** Of these documents, those anyone may read. */
export async function documentsOpenToAll(db: Db, ids: readonly number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('documents')
    .select('id')
    .where('id', 'in', [...ids])
    .where('visible_roles', '=', '')
    .execute();
  return rows.map((r) => r.id);
}

export function listCommentSettingRows(db: Db) {
  return db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'comments.%').execute();
}

export async function saveSetting(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** An article's title, for the log's sentence; undefined if there is no such article. */
export async function articleTitleOf(db: Db, articleId: number): Promise<string | undefined> {
  const row = await db.selectFrom('articles').select('title').where('id', '=', articleId).executeTakeFirst();
  return row?.title;
}

export async function setArticleCommentsClosed(db: Db, articleId: number, closed: boolean): Promise<boolean> {
  const res = await db
    .updateTable('articles')
    .set({ comments_closed: closed ? 1 : 0 })
    .where('id', '=', articleId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Stops (or lets again) one account from commenting. */
export async function setCommentsBanned(db: Db, userId: number, banned: boolean, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ comments_banned: banned ? 1 : 0, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

/** Imported comments, one statement per chunk; their new ids in the order given. */
export async function insertImportedComments(
  db: Db,
  rows: readonly { c: CommentWrite; createdAt: string }[],
  now: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const inserted = await db
      .insertInto('comments')
      .values(
        rows
          .slice(i, i + INSERT_CHUNK)
          .map(({ c, createdAt }) => ({ ...c, ...commentTextColumns(c.body), created_at: createdAt, updated_at: now })),
      )
      .returning('id')
      .execute();
    // One statement's rows get increasing ids in the order of its values (as insertArticles relies on).
    ids.push(...inserted.map((r) => r.id).sort((x, y) => x - y));
  }
  return ids;
}
/** Rows per insert: well under both databases' limits on a statement's parameters. */
const INSERT_CHUNK = 500;

/** An importer's comment, new (id undefined) or again: its text, thread, status and original time. */
export async function storeImportedComment(
  db: Db,
  id: number | undefined,
  c: CommentWrite,
  createdAt: string,
  now: string,
): Promise<number> {
  if (id === undefined) return insertComment(db, c, now, createdAt);
  await db
    .updateTable('comments')
    .set({ ...c, ...commentTextColumns(c.body), created_at: createdAt, updated_at: now })
    .where('id', '=', id)
    .execute();
  return id;
}

/** Comment ids that still exist, of those given: an importer's map may name rows deleted since. */
export async function existingCommentIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('comments').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

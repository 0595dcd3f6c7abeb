import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { literalInt, preparedQuery } from '../db/prepared.js';
import type { DialectName } from '../db/dialects/types.js';
import type { CommentsTable, CommentStatus, Database } from '../db/schema.js';
import { asUtf8Bytes, type Utf8Bytes } from '../web/utf8-bytes.js';

type Db = Kysely<Database> | Transaction<Database>;

const columns = [
  'id', 'article_id', 'parent_id', 'user_id', 'author_name', 'author_email', 'body', 'status',
  'is_official', 'ip', 'reports', 'owner_token_hash', 'created_at', 'updated_at',
] as const;

export type CommentRow = Pick<Selectable<CommentsTable>, (typeof columns)[number]>;

/** What a reader sees of a comment under the article: reading fewer columns halves the cost of a 50-comment page. */
const publicColumns = ['id', 'parent_id', 'author_name', 'body', 'is_official', 'created_at'] as const;
export type PublicCommentRow = Pick<CommentRow, (typeof publicColumns)[number]>;

export type CommentWrite = Pick<
  Selectable<CommentsTable>,
  'article_id' | 'parent_id' | 'user_id' | 'author_name' | 'author_email' | 'body' | 'status' | 'is_official' | 'ip' | 'content_hash'
> &
  Partial<Pick<Selectable<CommentsTable>, 'owner_token_hash'>>;

export async function insertComment(db: Db, c: CommentWrite, now: string): Promise<number> {
  const row = await db.insertInto('comments').values({ ...c, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
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

export async function updateCommentBody(db: Db, id: number, body: string, contentHash: string, now: string): Promise<void> {
  await db.updateTable('comments').set({ body, content_hash: contentHash, updated_at: now }).where('id', '=', id).execute();
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

/** Recounts approved comments (all, and top-level) on these articles, inside the caller's transaction. */
export async function refreshCommentCounts(db: Db, articleIds: number[]): Promise<void> {
  for (const id of new Set(articleIds)) {
    await db
      .updateTable('articles')
      .set({
        comment_count: sql<number>`(select count(*) from comments where comments.article_id = ${id} and comments.status = 'approved')`,
        top_comment_count: sql<number>`(select count(*) from comments where comments.article_id = ${id} and comments.status = 'approved' and comments.parent_id is null)`,
      })
      .where('id', '=', id)
      .execute();
  }
}

/** A comment as the article page shows it, its reader-written text kept as UTF-8 bytes (see utf8-bytes.ts). */
export interface ShownComment {
  id: number;
  parent_id: number | null;
  author_name: Utf8Bytes;
  body: Utf8Bytes;
  is_official: number;
  created_at: string;
}

/** Top-level comments per page under an article; replies show under their comment. */
export const COMMENTS_PER_PAGE = 50;

/**
 * One page of approved top-level comments, oldest first, with their approved
 * replies. `anyReplies: false` (the article's counts say it has none) saves
 * looking for them.
 */
export async function listApprovedPage(db: Db, dialect: DialectName, articleId: number, page: number, { anyReplies = true } = {}) {
  const offset = (page - 1) * COMMENTS_PER_PAGE;
  const top = await (dialect === 'sqlite' ? readPacked(selectPackedTopLevel, db, articleId, offset) : selectApprovedTopLevel(db, articleId, offset).then(shownRows));
  if (!top.length || !anyReplies) return { top, replies: [] };
  const first = top[0]!.id;
  const last = top[top.length - 1]!.id;
  const replies = await (dialect === 'sqlite' ? readPacked(selectPackedReplies, db, articleId, first, last) : selectApprovedReplies(db, articleId, first, last).then(shownRows));
  const shown = new Set(top.map((c) => c.id));
  // The range also holds replies whose parent was later hidden; they have nowhere to show.
  return { top, replies: replies.filter((r) => shown.has(r.parent_id!)) };
}

const topLevel = (db: Db, articleId: number) =>
  db.selectFrom('comments').where('article_id', '=', articleId).where('status', '=', 'approved').where('parent_id', 'is', null);

// The page size is written into the SQL (see literalInt); the offset stays bound, so one statement serves every page.
const selectApprovedTopLevel = preparedQuery((db, articleId: number, offset: number) =>
  topLevel(db, articleId).select(publicColumns).orderBy('id', 'asc').limit(literalInt(COMMENTS_PER_PAGE)).offset(offset),
);

/**
 * The approved replies to the top-level comments with ids from first to last.
 * A page of top-level comments is every one in such a range, so the range
 * stands for the page's id list and the query is compiled once; its order
 * lets the (article, status, parent, id) index answer alone.
 */
const repliesInRange = (db: Db, articleId: number, firstParent: number, lastParent: number) =>
  db
    .selectFrom('comments')
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .where('parent_id', '>=', firstParent)
    .where('parent_id', '<=', lastParent);

const selectApprovedReplies = preparedQuery((db, articleId: number, firstParent: number, lastParent: number) =>
  repliesInRange(db, articleId, firstParent, lastParent).select(publicColumns).orderBy('parent_id', 'asc').orderBy('id', 'asc'),
);

function shownRows(rows: PublicCommentRow[]): ShownComment[] {
  return rows.map((r) => ({ ...r, author_name: asUtf8Bytes(r.author_name), body: asUtf8Bytes(r.body) }));
}

/**
 * SQLite: the same rows packed by the database into one blob. The driver
 * hands over each value separately (about 0.2 µs each) and decodes every
 * text; fifty comments are 300 values. Each record is its numbers and date
 * with commas, the byte lengths of name and body, then name and body
 * themselves: lengths, not separators, so no text can break the format.
 */
const packedRecord = sql<string>`id || ',' || coalesce(parent_id, '') || ',' || is_official || ',' || created_at || ',' || octet_length(author_name) || ',' || octet_length(body) || ',' || author_name || body`;

const selectPackedTopLevel = preparedQuery((db, articleId: number, offset: number) =>
  db
    .selectFrom(topLevel(db, articleId).select(packedRecord.as('record')).orderBy('id', 'asc').limit(literalInt(COMMENTS_PER_PAGE)).offset(offset).as('page'))
    .select(sql<Buffer | null>`cast(group_concat(record, '') as blob)`.as('records')),
);

const selectPackedReplies = preparedQuery((db, articleId: number, firstParent: number, lastParent: number) =>
  db
    .selectFrom(repliesInRange(db, articleId, firstParent, lastParent).select(packedRecord.as('record')).orderBy('parent_id', 'asc').orderBy('id', 'asc').as('page'))
    .select(sql<Buffer | null>`cast(group_concat(record, '') as blob)`.as('records')),
);

async function readPacked<Args extends number[]>(
  query: (db: Db, ...args: Args) => Promise<{ records: Buffer | null }[]>,
  db: Db,
  ...args: Args
): Promise<ShownComment[]> {
  const [row] = await query(db, ...args);
  if (!row?.records) return [];
  // group_concat keeps the subquery's order in practice, but SQLite does not promise it; on sorted input this is one pass.
  return unpackComments(row.records.toString('latin1')).sort((a, b) => (a.parent_id ?? 0) - (b.parent_id ?? 0) || a.id - b.id);
}

/**
 * Reads the records packedRecord makes, in order; a record that does not
 * parse is a bug, not reader input. Numbers are read digit by digit: a
 * substring and Number() for each of a page's ~250 numbers took half the
 * time of unpacking it.
 */
export function unpackComments(packed: string): ShownComment[] {
  const out: ShownComment[] = [];
  let at = 0;
  /** Digits up to the next comma; -1 for an empty field (a comment without parent). */
  const number = () => {
    const start = at;
    let n = 0;
    for (let c = packed.charCodeAt(at); c !== COMMA; c = packed.charCodeAt(++at)) {
      // Also stops at the end of the string, where charCodeAt gives NaN.
      if (!(c >= DIGIT_0 && c <= DIGIT_9)) throw new Error(`packed comments: bad number at byte ${at}`);
      n = n * 10 + c - DIGIT_0;
    }
    at++;
    return at - 1 === start ? -1 : n;
  };
  while (at < packed.length) {
    const id = number();
    const parent = number();
    const isOfficial = number();
    const dateEnd = packed.indexOf(',', at);
    if (dateEnd < 0) throw new Error(`packed comments: no date at byte ${at}`);
    const createdAt = packed.slice(at, dateEnd);
    at = dateEnd + 1;
    const nameLength = number();
    const bodyLength = number();
    if (id < 0 || isOfficial < 0 || nameLength < 0 || bodyLength < 0 || at + nameLength + bodyLength > packed.length) {
      throw new Error(`packed comments: bad record before byte ${at}`);
    }
    const name = packed.slice(at, (at += nameLength)) as Utf8Bytes;
    const body = packed.slice(at, (at += bodyLength)) as Utf8Bytes;
    out.push({ id, parent_id: parent < 0 ? null : parent, author_name: name, body, is_official: isOfficial, created_at: createdAt });
  }
  return out;
}

const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The comments on one article that belong to one viewer and are not (or not
 * yet) settled: held for moderation, or published but still editable. A
 * guest is known only by the ids in their cookies, which the caller checks.
 */
export function listOwnOnArticle(db: Db, articleId: number, owner: { userId: number } | { ids: number[] }, editableSince: string) {
  let q = db.selectFrom('comments').select(columns).where('article_id', '=', articleId);
  if ('userId' in owner) q = q.where('user_id', '=', owner.userId);
  else if (owner.ids.length) q = q.where('id', 'in', owner.ids).where('user_id', 'is', null);
  else return Promise.resolve([]);
  return q
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'approved'), eb('created_at', '>=', editableSince)])]))
    .orderBy('id', 'asc')
    .limit(20)
    .execute();
}

/** Has this text (by hash) come from the same author or address recently? */
export async function isRecentDuplicate(
  db: Db,
  opts: { contentHash: string; since: string; userId: number | null; ip: string; articleId: number },
): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('content_hash', '=', opts.contentHash)
    .where('created_at', '>=', opts.since)
    .where((eb) =>
      eb.or([
        eb('article_id', '=', opts.articleId),
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
  author?: string;
  ip?: string;
  limit: number;
  offset: number;
}

export interface QueueRow extends CommentRow {
  article_title: string;
  /** 1 or 0 for an account's comment, whether its email is confirmed; null for a guest's. */
  author_email_verified: number | null;
}

/** Comments with what moderators and owners need beside them: the article's title and the author's account state. */
function commentsWithContext(db: Db) {
  return db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .leftJoin('users', 'users.id', 'comments.user_id')
    .select([...columns.map((c) => `comments.${c}` as const), 'articles.title as article_title', 'users.email_verified as author_email_verified']);
}

export function listQueue(db: Db, f: QueueFilter): Promise<QueueRow[]> {
  let q = commentsWithContext(db).where('comments.status', '=', f.status);
  if (f.articleId) q = q.where('comments.article_id', '=', f.articleId);
  if (f.ip) q = q.where('comments.ip', '=', f.ip);
  if (f.author) {
    const like = `%${f.author.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) => eb.or([eb('comments.author_name', 'like', like), eb('comments.author_email', 'like', like)]));
  }
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

export function listCommentSettingRows(db: Db) {
  return db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'comments.%').execute();
}

export async function saveSetting(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function setArticleCommentsClosed(db: Db, articleId: number, closed: boolean): Promise<boolean> {
  const res = await db.updateTable('articles').set({ comments_closed: closed ? 1 : 0 }).where('id', '=', articleId).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

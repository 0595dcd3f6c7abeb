import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findUserById } from '../accounts/accounts.repo.js';
import { hitThrottle, type ThrottleRule } from '../accounts/throttle.js';
import { hasRoleAtLeast, isStaff, type Actor } from '../accounts/roles.js';
import { hashToken, randomToken, safeEqual } from '../web/tokens.js';
import type { DialectName } from '../db/dialects/types.js';
import type { CommentStatus, Database } from '../db/schema.js';
import { AppError } from '../errors.js';
import { messages } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { foldForSearch } from '../vi/fold.js';
import {
  COMMENTS_PER_PAGE,
  addReport,
  listApprovedPage,
  deleteComments,
  findArticleForComment,
  findComment,
  findCommentsByIds,
  insertComment,
  isRecentDuplicate,
  listOwnOnArticle,
  listCommentSettingRows,
  saveSetting,
  setArticleCommentsClosed,
  refreshCommentCounts,
  setCommentStatus,
  updateCommentBody,
  type CommentRow,
} from './comments.repo.js';
import { commentBodySchema, guestSchema, postCommentSchema, settingsSchema } from './comments.schema.js';

const m = messages.comments;
const MINUTE = 60_000;

export interface CommentDeps {
  db: Kysely<Database>;
  /** SQLite packs a page of comments into one value (see listApprovedPage). */
  dialect: DialectName;
  /** Comments per IP address per 10 minutes. */
  ipLimit: number;
  now: () => Date;
  /** Called after a change readers can see, so cached pages are dropped. */
  contentChanged: () => void;
  /** The comment policy, read once per content version instead of once per article view. */
  settings?: () => Promise<CommentSettings>;
}

const settingsBySite = new WeakMap<Site, { version: number; settings: Promise<CommentSettings> }>();

export function commentDeps(site: Site): CommentDeps {
  const settings = () => {
    let held = settingsBySite.get(site);
    if (held?.version !== site.version) {
      held = { version: site.version, settings: loadCommentSettings(site.db.db) };
      held.settings.catch(() => settingsBySite.delete(site));
      settingsBySite.set(site, held);
    }
    return held.settings;
  };
  return { db: site.db.db, dialect: site.db.dialect, now: site.now, contentChanged: site.contentChanged, ipLimit: site.config.commentIpLimit, settings };
}

export interface CommentSettings {
  guestsAllowed: boolean;
  premoderation: 'all' | 'guests' | 'none';
  /** 0: comments stay open. */
  closeAfterDays: number;
  blocklist: string[];
  blocklistAction: 'hold' | 'reject';
}

export const DEFAULT_SETTINGS: CommentSettings = {
  guestsAllowed: true,
  premoderation: 'all',
  closeAfterDays: 0,
  blocklist: [],
  blocklistAction: 'hold',
};

export const SPAM_RULES = {
  /** A person needs a few seconds to read and type; a bot posts at once. */
  minFormSeconds: 3,
  maxLinks: 2,
  windowMs: 10 * MINUTE,
  perAccount: { limit: 5, windowMs: 10 * MINUTE },
  reportsPerIp: { limit: 20, windowMs: 60 * MINUTE },
  duplicateWindowMs: 24 * 60 * MINUTE,
} satisfies Record<string, unknown>;

export const OWN_EDIT_WINDOW_MS = 10 * MINUTE;

export async function loadCommentSettings(db: Kysely<Database>): Promise<CommentSettings> {
  const rows = new Map((await listCommentSettingRows(db)).map((r) => [r.key, r.value]));
  const premod = rows.get('comments.premoderation');
  return {
    guestsAllowed: (rows.get('comments.guests_allowed') ?? '1') === '1',
    premoderation: premod === 'guests' || premod === 'none' ? premod : 'all',
    closeAfterDays: Number(rows.get('comments.close_after_days') ?? 0) || 0,
    blocklist: (rows.get('comments.blocklist') ?? '').split('\n').map((w) => w.trim()).filter(Boolean),
    blocklistAction: rows.get('comments.blocklist_action') === 'reject' ? 'reject' : 'hold',
  };
}

/** Open unless closed by hand or older than the site's limit. */
export function areCommentsOpen(article: { comments_closed: number; published_at: string | null }, settings: CommentSettings, now: Date): boolean {
  if (article.comments_closed === 1 || !article.published_at) return false;
  if (!settings.closeAfterDays) return true;
  return now.getTime() - new Date(article.published_at).getTime() < settings.closeAfterDays * 24 * 60 * MINUTE;
}

export function countLinks(body: string): number {
  return (body.match(/\b(?:https?:\/\/|www\.)\S+/gi) ?? []).length;
}

function contentHash(body: string): string {
  return createHash('sha256').update(foldForSearch(body).replace(/\s+/g, ' ')).digest('hex');
}

async function throttle(deps: CommentDeps, key: string, rule: ThrottleRule) {
  const r = await hitThrottle(deps.db, key, rule, deps.now());
  if (!r.allowed) throw new AppError('too_many_requests', 429, messages.auth.tooMany(r.retryAfterSeconds), r.retryAfterSeconds);
}

function bad(message: string): AppError {
  return new AppError('bad_request', 400, message);
}

function firstIssue(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? messages.errors.badRequest;
}

/**
 * The rules on what a comment may say, for new comments and edits alike:
 * too many links or a blocklisted word set to "reject" refuse it; a word set
 * to "hold" marks it blocked, to wait for an editor.
 */
function checkContent(settings: CommentSettings, authorName: string, body: string): { blocked: boolean } {
  if (countLinks(body) > SPAM_RULES.maxLinks) throw bad(m.tooManyLinks(SPAM_RULES.maxLinks));
  const folded = foldForSearch(`${authorName} ${body}`);
  const blocked = settings.blocklist.some((word) => folded.includes(foldForSearch(word)));
  if (blocked && settings.blocklistAction === 'reject') throw bad(m.blocked);
  return { blocked };
}

export interface PostedComment {
  id: number | null;
  status: CommentStatus;
  /** A guest's proof of authorship, for their cookie; only its hash is stored. */
  guestToken?: string;
  /** Held only because the reader has not confirmed their email; the site would otherwise have published it. */
  heldUntilEmailVerified?: boolean;
}

/**
 * Posts a comment: spam checks first, then one transaction for the row and
 * the article's count. `formIssuedAt` comes from the form's CSRF token.
 */
export async function postComment(
  deps: CommentDeps,
  actor: Actor | null,
  input: unknown,
  meta: { ip: string; formIssuedAt: Date },
): Promise<PostedComment> {
  const parsed = postCommentSchema.safeParse(input);
  if (!parsed.success) throw bad(firstIssue(parsed.error));
  const data = parsed.data;
  const now = deps.now();
  // A filled honeypot looks accepted to the bot, but nothing is stored.
  if (data.website) return { id: null, status: 'pending' };
  if (now.getTime() - meta.formIssuedAt.getTime() < SPAM_RULES.minFormSeconds * 1000) throw bad(m.tooFast);

  const settings = await loadCommentSettings(deps.db);
  const article = await findArticleForComment(deps.db, data.articleId);
  if (!article || article.status !== 'published' || !article.published_at || article.published_at > now.toISOString()) {
    throw new AppError('not_found', 404, messages.errors.articleNotFound);
  }
  if (!areCommentsOpen(article, settings, now)) throw bad(m.closed);

  let author: { name: string; email: string | null; userId: number | null };
  let emailVerified = false;
  if (actor) {
    author = { name: actor.displayName, email: null, userId: actor.id };
    emailVerified = (await findUserById(deps.db, actor.id))?.email_verified === 1;
  } else {
    if (!settings.guestsAllowed) throw new AppError('unauthorized', 401, m.loginToComment);
    const guest = guestSchema.safeParse({ name: data.name ?? '', email: data.email ?? '' });
    if (!guest.success) throw bad(firstIssue(guest.error));
    author = { name: guest.data.name, email: guest.data.email, userId: null };
  }

  await throttle(deps, `comment:ip:${meta.ip}`, { limit: deps.ipLimit, windowMs: SPAM_RULES.windowMs });
  await throttle(deps, `comment:account:${author.userId ?? author.email}`, SPAM_RULES.perAccount);
  const { blocked } = checkContent(settings, author.name, data.body);
  const hash = contentHash(data.body);
  const since = new Date(now.getTime() - SPAM_RULES.duplicateWindowMs).toISOString();
  if (await isRecentDuplicate(deps.db, { contentHash: hash, since, userId: author.userId, ip: meta.ip, articleId: article.id })) {
    throw bad(m.duplicate);
  }

  const staff = isStaff(actor);
  // An account whose address nobody has confirmed could be anyone's, so its comments always wait for an editor.
  const unverifiedReader = !!actor && !staff && !emailVerified;
  const policyHolds = !staff && (settings.premoderation === 'all' || (settings.premoderation === 'guests' && !actor));
  const status: CommentStatus = blocked || policyHolds || unverifiedReader ? 'pending' : 'approved';
  const guestToken = actor ? undefined : randomToken();

  const id = await deps.db.transaction().execute(async (trx) => {
    if (data.parentId !== null) {
      const parent = await findComment(trx, data.parentId);
      if (!parent || parent.article_id !== article.id || parent.parent_id !== null || parent.status !== 'approved') throw bad(m.badParent);
    }
    const newId = await insertComment(
      trx,
      {
        article_id: article.id,
        parent_id: data.parentId,
        user_id: author.userId,
        author_name: author.name,
        author_email: author.email,
        body: data.body,
        status,
        is_official: staff ? 1 : 0,
        ip: meta.ip.slice(0, 64),
        content_hash: hash,
        owner_token_hash: guestToken ? hashToken(guestToken) : null,
      },
      now.toISOString(),
    );
    if (status === 'approved') await refreshCommentCounts(trx, [article.id]);
    return newId;
  });
  if (status === 'approved') deps.contentChanged();
  return { id, status, guestToken, heldUntilEmailVerified: unverifiedReader && !blocked && !policyHolds };
}

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'delete';

const STATUS_OF: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' };

function requireModerator(actor: Actor | null): asserts actor is Actor {
  if (!hasRoleAtLeast(actor, 'editor')) throw new AppError('forbidden', 403, messages.auth.forbidden);
}

/** Applies one action to many comments in one transaction. */
export async function moderateComments(deps: CommentDeps, actor: Actor | null, ids: number[], action: ModerationAction): Promise<number> {
  requireModerator(actor);
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0).slice(0, 500);
  if (!unique.length) throw bad(m.nothingSelected);
  const now = deps.now().toISOString();
  const count = await deps.db.transaction().execute(async (trx) => {
    const rows = await findCommentsByIds(trx, unique);
    const found = rows.map((r) => r.id);
    if (!found.length) return 0;
    if (action === 'delete') await deleteComments(trx, found);
    else await setCommentStatus(trx, found, STATUS_OF[action], now);
    await refreshCommentCounts(trx, rows.map((r) => r.article_id));
    return found.length;
  });
  deps.contentChanged();
  return count;
}

/** Editors may correct any comment; its status stays as it was. */
export async function editComment(deps: CommentDeps, actor: Actor | null, id: number, body: unknown): Promise<CommentRow> {
  requireModerator(actor);
  const comment = await findComment(deps.db, id);
  if (!comment) throw new AppError('not_found', 404, m.notFound);
  return changeBody(deps, comment, parseBody(body));
}

function parseBody(body: unknown): string {
  const parsed = commentBodySchema.safeParse(body);
  if (!parsed.success) throw bad(firstIssue(parsed.error));
  return parsed.data;
}

async function changeBody(deps: CommentDeps, comment: CommentRow, text: string): Promise<CommentRow> {
  await updateCommentBody(deps.db, comment.id, text, contentHash(text), deps.now().toISOString());
  if (comment.status === 'approved') deps.contentChanged();
  return { ...comment, body: text };
}

/** An official reply from the newsroom, shown at once. */
export async function replyAsStaff(deps: CommentDeps, actor: Actor | null, parentId: number, body: unknown): Promise<number> {
  requireModerator(actor);
  const parent = await findComment(deps.db, parentId);
  if (!parent) throw new AppError('not_found', 404, m.notFound);
  const parsed = commentBodySchema.safeParse(body);
  if (!parsed.success) throw bad(firstIssue(parsed.error));
  const rootId = parent.parent_id ?? parent.id;
  const now = deps.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    // Answering a comment publishes it too: a reply to something hidden would make no sense.
    if (parent.status !== 'approved') await setCommentStatus(trx, [parent.id], 'approved', now);
    const newId = await insertComment(
      trx,
      {
        article_id: parent.article_id,
        parent_id: rootId,
        user_id: actor.id,
        author_name: actor.displayName,
        author_email: null,
        body: parsed.data,
        status: 'approved',
        is_official: 1,
        ip: '',
        content_hash: contentHash(parsed.data),
      },
      now,
    );
    await refreshCommentCounts(trx, [parent.article_id]);
    return newId;
  });
  deps.contentChanged();
  return id;
}

/**
 * Who is asking to change a comment: a signed-in person, or a guest holding
 * the edit tokens (by comment id) they were given when they posted.
 */
export interface CommentOwner {
  actor: Actor | null;
  guestTokens: ReadonlyMap<number, string>;
}

export function ownerOf(actor: Actor | null, guestTokens: ReadonlyMap<number, string> = new Map()): CommentOwner {
  return { actor, guestTokens };
}

type Ownable = Pick<CommentRow, 'id' | 'user_id' | 'owner_token_hash' | 'created_at'>;

function isOwner(owner: CommentOwner, comment: Ownable): boolean {
  if (comment.user_id !== null) return !!owner.actor && owner.actor.id === comment.user_id;
  const token = owner.guestTokens.get(comment.id);
  return !!token && !!comment.owner_token_hash && safeEqual(hashToken(token), comment.owner_token_hash);
}

export function canChangeOwn(owner: CommentOwner, comment: Ownable, now: Date): boolean {
  return isOwner(owner, comment) && now.getTime() - new Date(comment.created_at).getTime() <= OWN_EDIT_WINDOW_MS;
}

async function ownComment(deps: CommentDeps, owner: CommentOwner, id: number): Promise<CommentRow> {
  const comment = await findComment(deps.db, id);
  if (!comment) throw new AppError('not_found', 404, m.notFound);
  if (!canChangeOwn(owner, comment, deps.now())) throw new AppError('forbidden', 403, m.editWindowOver);
  return comment;
}

/** The comment, if this owner may still change it: for the edit form. */
export async function findOwnComment(deps: CommentDeps, owner: CommentOwner, id: number): Promise<CommentRow> {
  const comment = await findComment(deps.db, id);
  if (!comment || !isOwner(owner, comment)) throw new AppError('not_found', 404, m.notFound);
  return comment;
}

/**
 * What the article page shows one viewer of their own: comments still held
 * for moderation, and published ones they may still change.
 */
export async function ownCommentsOnArticle(deps: CommentDeps, owner: CommentOwner, articleId: number) {
  const now = deps.now();
  const since = new Date(now.getTime() - OWN_EDIT_WINDOW_MS).toISOString();
  const rows = owner.actor
    ? await listOwnOnArticle(deps.db, articleId, { userId: owner.actor.id }, since)
    : await listOwnOnArticle(deps.db, articleId, { ids: [...owner.guestTokens.keys()] }, since);
  return rows.filter((c) => isOwner(owner, c)).map((c) => ({ ...c, editable: canChangeOwn(owner, c, now) }));
}

/**
 * Readers and guests may fix their own comment for 10 minutes, under the
 * same content rules as a new one; an approved one goes back to the queue.
 */
export async function editOwnComment(deps: CommentDeps, owner: CommentOwner, id: number, body: unknown): Promise<CommentRow> {
  const comment = await ownComment(deps, owner, id);
  const text = parseBody(body);
  const { blocked } = checkContent(await loadCommentSettings(deps.db), comment.author_name, text);
  await changeBody(deps, comment, text);
  if (comment.status === 'approved' && (blocked || !isStaff(owner.actor))) {
    await deps.db.transaction().execute(async (trx) => {
      await setCommentStatus(trx, [id], 'pending', deps.now().toISOString());
      await refreshCommentCounts(trx, [comment.article_id]);
    });
    deps.contentChanged();
  }
  return comment;
}

export async function deleteOwnComment(deps: CommentDeps, owner: CommentOwner, id: number): Promise<CommentRow> {
  const comment = await ownComment(deps, owner, id);
  await deps.db.transaction().execute(async (trx) => {
    await deleteComments(trx, [id]);
    await refreshCommentCounts(trx, [comment.article_id]);
  });
  if (comment.status === 'approved') deps.contentChanged();
  return comment;
}

export async function reportComment(deps: CommentDeps, id: number, ip: string): Promise<void> {
  await throttle(deps, `report:ip:${ip}`, SPAM_RULES.reportsPerIp);
  if (!(await addReport(deps.db, id))) throw new AppError('not_found', 404, m.notFound);
}

/** What the article page shows: one page of approved comments (oldest first) and whether the form is open. */
export async function commentsForArticle(
  deps: CommentDeps,
  article: { id: number; comments_closed: number; published_at: string | null; comment_count: number; top_comment_count: number },
  page: number,
) {
  const settings = await (deps.settings ? deps.settings() : loadCommentSettings(deps.db));
  // Kept on the article by refreshCommentCounts: no count over the comments on each view.
  const total = article.top_comment_count;
  const totalPages = Math.max(1, Math.ceil(total / COMMENTS_PER_PAGE));
  if (page > totalPages) throw new AppError('not_found', 404, messages.errors.notFound);
  // Both counts are of approved comments only, so equal counts mean no approved reply anywhere.
  const anyReplies = article.comment_count > article.top_comment_count;
  const { top, replies } = total === 0 ? { top: [], replies: [] } : await listApprovedPage(deps.db, deps.dialect, article.id, page, { anyReplies });
  return {
    top,
    replies,
    page,
    totalPages,
    open: areCommentsOpen(article, settings, deps.now()),
    guestsAllowed: settings.guestsAllowed,
  };
}

/** Admins only; all settings change together or not at all. */
export async function saveCommentSettings(deps: CommentDeps, actor: Actor | null, input: unknown): Promise<CommentSettings> {
  if (!hasRoleAtLeast(actor, 'admin')) throw new AppError('forbidden', 403, messages.auth.forbidden);
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) throw bad(firstIssue(parsed.error));
  const s = parsed.data;
  const words = s.blocklist.split('\n').map((w) => w.trim()).filter(Boolean);
  await deps.db.transaction().execute(async (trx) => {
    await saveSetting(trx, 'comments.guests_allowed', s.guestsAllowed ? '1' : '0');
    await saveSetting(trx, 'comments.premoderation', s.premoderation);
    await saveSetting(trx, 'comments.close_after_days', String(s.closeAfterDays));
    await saveSetting(trx, 'comments.blocklist', words.join('\n'));
    await saveSetting(trx, 'comments.blocklist_action', s.blocklistAction);
  });
  // The comment form on cached pages depends on these.
  deps.contentChanged();
  return { guestsAllowed: s.guestsAllowed, premoderation: s.premoderation, closeAfterDays: s.closeAfterDays, blocklist: words, blocklistAction: s.blocklistAction };
}

/** Editors close (or reopen) comments on one article; its existing comments stay. */
export async function setCommentsClosed(deps: CommentDeps, actor: Actor | null, articleId: number, closed: boolean): Promise<void> {
  requireModerator(actor);
  if (!(await setArticleCommentsClosed(deps.db, articleId, closed))) throw new AppError('not_found', 404, messages.errors.articleNotFound);
  deps.contentChanged();
}

/*
 * Posting, editing and reading comments. Moderation is in moderation.service.ts,
 * the site's comment policy in settings.service.ts.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { findUserById } from '../accounts/accounts.service.js';
import { hitThrottle, type ThrottleRule } from '../accounts/throttle.js';
import { isStaff, type Actor } from '../accounts/roles.js';
import { hashToken, randomToken, safeEqual } from '../web/tokens.js';
import type { CommentStatus, Database } from '../db/schema.js';
import { enqueueWebhookEvent } from '../webhooks/webhooks.service.js';
import { badRequest, forbidden, notFound, parseOr400, tooManyRequests, unauthorized } from '../errors.js';
import { messages } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { VersionMemo } from '../site/version-memo.js';
import { foldForSearch } from '../vi/fold.js';
import { isVisible } from '../documents/access.js';
import { closedNotice, consultationPhase } from '../documents/consultation.js';
import {
  COMMENTS_PER_PAGE,
  addReport,
  listApprovedPage,
  deleteComments,
  findArticleForComment,
  findComment,
  findCommentsByIds,
  documentsOpenToAll,
  findDocumentForComment,
  insertComment,
  isRecentDuplicate,
  listOwnOnTarget,
  refreshTargetCounts,
  setCommentStatus,
  updateCommentBody,
  type CommentRow,
  type CommentTarget,
} from './comments.repo.js';
import { commentBodySchema, guestSchema, postCommentSchema } from './comments.schema.js';
import { areCommentsOpen, loadCommentSettings, type CommentSettings } from './settings.service.js';

export {
  existingCommentIds,
  insertImportedComments,
  listCommentsOfUser,
  refreshCommentCounts,
  storeImportedComment,
  type CommentWrite,
} from './comments.repo.js';

const m = messages.comments;
const MINUTE = 60_000;

export interface CommentDeps {
  db: Kysely<Database>;
  /** Comments per IP address per 10 minutes. */
  ipLimit: number;
  now: () => Date;
  /** Called after a change readers can see, so cached pages are dropped. */
  contentChanged: () => void;
  /** The comment policy, read once per content version instead of once per article view. */
  settings?: () => Promise<CommentSettings>;
  /** Pages of approved comments, read once per content version (src/site/version-memo.ts). */
  approvedPages?: (key: string, read: () => Promise<ApprovedPageRows>) => Promise<ApprovedPageRows>;
}

type ApprovedPageRows = Awaited<ReturnType<typeof listApprovedPage>>;
/** Enough for the busy articles' pages that readers ask in turn; a change empties it anyway. */
const APPROVED_PAGES_KEPT = 500;
const approvedPagesBySite = new WeakMap<Site, VersionMemo<ApprovedPageRows>>();

const settingsBySite = new WeakMap<Site, { version: number; settings: Promise<CommentSettings> }>();

export function commentDeps(site: Site): CommentDeps {
  const settings = () => {
    let held = settingsBySite.get(site);
    if (held?.version !== site.version) {
      held = { version: site.version, settings: loadCommentSettings(site.db.kysely) };
      held.settings.catch(() => settingsBySite.delete(site));
      settingsBySite.set(site, held);
    }
    return held.settings;
  };
  let approved = approvedPagesBySite.get(site);
  if (!approved) approvedPagesBySite.set(site, (approved = new VersionMemo(APPROVED_PAGES_KEPT)));
  const memo = approved;
  return {
    db: site.db.kysely,
    now: site.now,
    contentChanged: site.contentChanged,
    ipLimit: site.config.commentIpLimit,
    settings,
    approvedPages: (key, read) => memo.get(site.version, key, read),
  };
}

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

export function countLinks(body: string): number {
  return (body.match(/\b(?:https?:\/\/|www\.)\S+/gi) ?? []).length;
}

export function contentHash(body: string): string {
  return createHash('sha256').update(foldForSearch(body).replace(/\s+/g, ' ')).digest('hex');
}

async function throttle(deps: CommentDeps, key: string, rule: ThrottleRule) {
  const r = await hitThrottle(deps.db, key, rule, deps.now());
  if (!r.allowed) throw tooManyRequests(messages.auth.tooMany(r.retryAfterSeconds), r.retryAfterSeconds);
}

/**
 * The rules on what a comment may say, for new comments and edits alike:
 * too many links or a blocklisted word set to "reject" refuse it; a word set
 * to "hold" marks it blocked, to wait for an editor.
 */
function checkContent(settings: CommentSettings, authorName: string, body: string): { blocked: boolean } {
  if (countLinks(body) > SPAM_RULES.maxLinks) throw badRequest(m.tooManyLinks(SPAM_RULES.maxLinks));
  const folded = foldForSearch(`${authorName} ${body}`);
  const blocked = settings.blocklist.some((word) => folded.includes(foldForSearch(word)));
  if (blocked && settings.blocklistAction === 'reject') throw badRequest(m.blocked);
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
 * Queues `comment.published` for comments that have just become public, in the transaction that made
 * them so. The commenter's email and address stay out: receivers get what readers see.
 */
export async function notifyCommentsPublished(trx: Transaction<Database>, ids: number[], now: string): Promise<void> {
  const comments = await findCommentsByIds(trx, ids);
  // As for document.published: a draft only some roles may read is not announced outside the site, nor its góp ý.
  const onDocuments = comments.flatMap((c) => (c.document_id === null ? [] : [c.document_id]));
  const open = new Set(onDocuments.length ? await documentsOpenToAll(trx, onDocuments) : []);
  for (const c of comments) {
    if (c.document_id !== null && !open.has(c.document_id)) continue;
    await enqueueWebhookEvent(
      trx,
      'comment.published',
      {
        id: c.id,
        articleId: c.article_id,
        documentId: c.document_id,
        parentId: c.parent_id,
        authorName: c.author_name,
        official: c.is_official === 1,
        body: c.body,
        createdAt: c.created_at,
      },
      now,
    );
  }
}

/**
 * Posts a comment: whether its article or consultation takes comments, spam checks, then one transaction for the row and
 * the article's count. `formIssuedAt` comes from the form's CSRF token.
 */
export async function postComment(
  deps: CommentDeps,
  actor: Actor | null,
  input: unknown,
  meta: { ip: string; formIssuedAt: Date },
): Promise<PostedComment> {
  const data = parseOr400(postCommentSchema, input);
  const now = deps.now();
  // A filled honeypot looks accepted to the bot, but nothing is stored.
  if (data.website) return { id: null, status: 'pending' };

  // A reader an editor stopped from commenting is told so before anything else: no other reason would be true.
  const account = actor ? await findUserById(deps.db, actor.id) : undefined;
  if (account?.comments_banned) throw forbidden(m.banned);
  // Closed first: a góp ý sent just after its consultation ended is told so, not that it came too fast.
  const settings = await loadCommentSettings(deps.db);
  const target = await openTarget(deps, actor, data, settings, now);
  if (now.getTime() - meta.formIssuedAt.getTime() < SPAM_RULES.minFormSeconds * 1000) throw badRequest(m.tooFast);

  let author: { name: string; email: string | null; userId: number | null };
  let emailVerified = false;
  if (actor) {
    author = { name: actor.displayName, email: null, userId: actor.id };
    emailVerified = account?.email_verified === 1;
  } else {
    if (!settings.guestsAllowed) throw unauthorized(m.loginToComment);
    const guest = parseOr400(guestSchema, { name: data.name ?? '', email: data.email ?? '' });
    author = { name: guest.name, email: guest.email, userId: null };
  }

  await throttle(deps, `comment:ip:${meta.ip}`, { limit: deps.ipLimit, windowMs: SPAM_RULES.windowMs });
  await throttle(deps, `comment:account:${author.userId ?? author.email}`, SPAM_RULES.perAccount);
  const { blocked } = checkContent(settings, author.name, data.body);
  const hash = contentHash(data.body);
  const since = new Date(now.getTime() - SPAM_RULES.duplicateWindowMs).toISOString();
  if (
    await isRecentDuplicate(deps.db, {
      contentHash: hash,
      since,
      userId: author.userId,
      ip: meta.ip,
      target,
    })
  ) {
    throw badRequest(m.duplicate);
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
      if (!parent || parent[target.column] !== target.id || parent.parent_id !== null || parent.status !== 'approved')
        throw badRequest(m.badParent);
    }
    const on = { article_id: null, document_id: null, [target.column]: target.id };
    const newId = await insertComment(
      trx,
      {
        ...on,
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
    if (status === 'approved') {
      await refreshTargetCounts(trx, [on]);
      await notifyCommentsPublished(trx, [newId], now.toISOString());
    }
    return newId;
  });
  if (status === 'approved') deps.contentChanged();
  return { id, status, guestToken, heldUntilEmailVerified: unverifiedReader && !blocked && !policyHolds };
}

/**
 * What the comment is on, if it takes comments now: a published article whose comments are open, or a
 * document the poster may see whose consultation runs today. A form kept open past the closing day, or
 * sent again, is refused here.
 */
async function openTarget(
  deps: CommentDeps,
  actor: Actor | null,
  data: { articleId: number | null; documentId: number | null },
  settings: CommentSettings,
  now: Date,
): Promise<CommentTarget> {
  if (data.documentId !== null && data.articleId === null) {
    const doc = await findDocumentForComment(deps.db, data.documentId);
    if (!doc || !isVisible(doc, actor ? { role: actor.role } : null)) throw notFound(messages.documents.notFound);
    const phase = consultationPhase(doc, doc, now);
    if (phase !== 'open') throw badRequest(closedNotice(doc, phase));
    return { column: 'document_id', id: doc.id };
  }
  if (data.articleId === null || data.documentId !== null) throw badRequest(messages.errors.badRequest);
  const article = await findArticleForComment(deps.db, data.articleId);
  if (!article || article.status !== 'published' || !article.published_at || article.published_at > now.toISOString()) {
    throw notFound(messages.errors.articleNotFound);
  }
  if (!areCommentsOpen(article, settings, now)) throw badRequest(m.closed);
  return { column: 'article_id', id: article.id };
}

/** Whether the document's consultation takes góp ý now. */
export async function consultationOpen(deps: CommentDeps, documentId: number): Promise<boolean> {
  const doc = await findDocumentForComment(deps.db, documentId);
  return !!doc && consultationPhase(doc, doc, deps.now()) === 'open';
}

export function parseBody(body: unknown): string {
  return parseOr400(commentBodySchema, body);
}

export async function changeBody(deps: CommentDeps, comment: CommentRow, text: string): Promise<CommentRow> {
  const stored = await updateCommentBody(deps.db, comment.id, text, contentHash(text), deps.now().toISOString());
  if (comment.status === 'approved') deps.contentChanged();
  return { ...comment, ...stored };
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
  if (!comment) throw notFound(m.notFound);
  if (!canChangeOwn(owner, comment, deps.now())) throw forbidden(m.editWindowOver);
  return comment;
}

/** The comment, if this owner may still change it: for the edit form. */
export async function findOwnComment(deps: CommentDeps, owner: CommentOwner, id: number): Promise<CommentRow> {
  const comment = await findComment(deps.db, id);
  if (!comment || !isOwner(owner, comment)) throw notFound(m.notFound);
  return comment;
}

/**
 * What the article (or document) page shows one viewer of their own: comments still held
 * for moderation, and published ones they may still change.
 */
export async function ownCommentsOn(deps: CommentDeps, owner: CommentOwner, target: CommentTarget) {
  const now = deps.now();
  const since = new Date(now.getTime() - OWN_EDIT_WINDOW_MS).toISOString();
  const rows = owner.actor
    ? await listOwnOnTarget(deps.db, target, { userId: owner.actor.id }, since)
    : await listOwnOnTarget(deps.db, target, { ids: [...owner.guestTokens.keys()] }, since);
  return rows.filter((c) => isOwner(owner, c)).map((c) => ({ ...c, editable: canChangeOwn(owner, c, now) }));
}

/**
 * Readers and guests may fix their own comment for 10 minutes, under the
 * same content rules as a new one; an approved one goes back to the queue.
 */
export async function editOwnComment(
  deps: CommentDeps,
  owner: CommentOwner,
  id: number,
  body: unknown,
): Promise<CommentRow> {
  const comment = await ownComment(deps, owner, id);
  const text = parseBody(body);
  const { blocked } = checkContent(await loadCommentSettings(deps.db), comment.author_name, text);
  await changeBody(deps, comment, text);
  if (comment.status === 'approved' && (blocked || !isStaff(owner.actor))) {
    await deps.db.transaction().execute(async (trx) => {
      await setCommentStatus(trx, [id], 'pending', deps.now().toISOString());
      await refreshTargetCounts(trx, [comment]);
    });
    deps.contentChanged();
  }
  return comment;
}

export async function deleteOwnComment(deps: CommentDeps, owner: CommentOwner, id: number): Promise<CommentRow> {
  const comment = await ownComment(deps, owner, id);
  await deps.db.transaction().execute(async (trx) => {
    await deleteComments(trx, [id]);
    await refreshTargetCounts(trx, [comment]);
  });
  if (comment.status === 'approved') deps.contentChanged();
  return comment;
}

export async function reportComment(deps: CommentDeps, id: number, ip: string): Promise<void> {
  await throttle(deps, `report:ip:${ip}`, SPAM_RULES.reportsPerIp);
  if (!(await addReport(deps.db, id))) throw notFound(m.notFound);
}

/** What the article page shows: one page of approved comments (oldest first) and whether the form is open. */
export async function commentsForArticle(
  deps: CommentDeps,
  article: {
    id: number;
    comments_closed: number;
    published_at: string | null;
    comment_count: number;
    top_comment_count: number;
  },
  page: number,
) {
  const settings = await (deps.settings ? deps.settings() : loadCommentSettings(deps.db));
  return {
    ...(await approvedPage(deps, { column: 'article_id', id: article.id }, article, page)),
    open: areCommentsOpen(article, settings, deps.now()),
    guestsAllowed: settings.guestsAllowed,
  };
}

/** One page of approved comments on what `counts` (kept by refreshTargetCounts: no count on each view) belong to. */
async function approvedPage(
  deps: CommentDeps,
  target: CommentTarget,
  counts: { comment_count: number; top_comment_count: number },
  page: number,
) {
  const total = counts.top_comment_count;
  const totalPages = Math.max(1, Math.ceil(total / COMMENTS_PER_PAGE));
  if (page > totalPages) throw notFound(messages.errors.notFound);
  // Both counts are of approved comments only, so equal counts mean no approved reply anywhere.
  const anyReplies = counts.comment_count > counts.top_comment_count;
  const read = () => listApprovedPage(deps.db, target, page, { anyReplies });
  const key = `${target.column}:${target.id}:${page}:${anyReplies}`;
  const { top, replies } =
    total === 0 ? { top: [], replies: [] } : await (deps.approvedPages ? deps.approvedPages(key, read) : read());
  return { top, replies, page, totalPages };
}

/** A consultation's page of approved góp ý; whether its form shows is the consultation's to say. */
export async function commentsForDocument(
  deps: CommentDeps,
  consultation: { document_id: number; comment_count: number; top_comment_count: number },
  page: number,
) {
  const settings = await (deps.settings ? deps.settings() : loadCommentSettings(deps.db));
  return {
    ...(await approvedPage(deps, { column: 'document_id', id: consultation.document_id }, consultation, page)),
    guestsAllowed: settings.guestsAllowed,
  };
}

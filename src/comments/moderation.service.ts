import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import type { CommentStatus } from '../db/schema.js';
import { badRequest, forbidden, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { addToTrash, newTrashBatch, takeFromTrash } from '../trash/trash.service.js';
import {
  deleteComments,
  findComment,
  findCommentsByIds,
  articleTitleOf,
  insertComment,
  refreshTargetCounts,
  restoreCommentRow,
  setArticleCommentsClosed,
  trashCommentRows,
  setCommentStatus,
  updateCommentBody,
  type CommentRow,
} from './comments.repo.js';
import { commentBodySchema } from './comments.schema.js';
import { contentHash, notifyCommentsPublished, parseBody, type CommentDeps } from './comments.service.js';

export { countByStatus } from './comments.repo.js';

const m = messages.comments;

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'delete';

const STATUS_OF: Record<Exclude<ModerationAction, 'delete'>, CommentStatus> = {
  approve: 'approved',
  reject: 'rejected',
  spam: 'spam',
};

function requireModerator(actor: Actor | null): asserts actor is Actor {
  if (!hasRoleAtLeast(actor, 'editor')) throw forbidden(messages.auth.forbidden);
}

/** Who wrote the comments, for the log's sentence: a few names, then how many more. */
function commentersOf(rows: readonly CommentRow[]): string {
  const names = [...new Set(rows.map((r) => r.author_name))];
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? m.andOthers(shown, names.length - 3) : shown;
}

/** Applies one action to many comments in one transaction, and logs it in the same one. */
export async function moderateComments(
  deps: CommentDeps,
  actor: Actor | null,
  ids: number[],
  action: ModerationAction,
  /** Deleted comments go to the trash under this batch, which the "Hoàn tác" names. */
  batch = newTrashBatch(),
): Promise<number> {
  requireModerator(actor);
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0).slice(0, 500);
  if (!unique.length) throw badRequest(m.nothingSelected);
  const now = deps.now().toISOString();
  const count = await deps.db.transaction().execute(async (trx) => {
    const rows = (await findCommentsByIds(trx, unique)).filter((r) => r.trashed_at === null);
    const found = rows.map((r) => r.id);
    if (!found.length) return 0;
    if (action === 'delete') {
      await trashCommentRows(trx, found, now);
      for (const r of rows)
        await addToTrash(trx, {
          kind: 'comment',
          itemId: r.id,
          label: `${r.author_name}: ${r.body.slice(0, 120)}`,
          data: { status: r.status },
          batch,
          actor,
          now,
        });
    } else await setCommentStatus(trx, found, STATUS_OF[action], now);
    if (action === 'approve')
      await notifyCommentsPublished(
        trx,
        rows.filter((r) => r.status !== 'approved').map((r) => r.id),
        now,
      );
    await refreshTargetCounts(trx, rows);
    await recordAudit(trx, {
      actor,
      action: `comment.${action}`,
      entityType: 'comment',
      entityId: found.length === 1 ? found[0]! : null,
      detail: commentersOf(rows),
      now,
    });
    return found.length;
  });
  deps.contentChanged();
  return count;
}

/** Brings a comment back from the trash with the status it had. */
export async function restoreCommentFromTrash(deps: CommentDeps, actor: Actor | null, id: number): Promise<void> {
  requireModerator(actor);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const comment = await findComment(trx, id);
    const data = comment?.trashed_at ? await takeFromTrash<{ status: CommentStatus }>(trx, 'comment', id) : undefined;
    if (!comment || !data) throw notFound(messages.newsroom.errors.notInTrash);
    await restoreCommentRow(trx, id, data.status, now);
    await refreshTargetCounts(trx, [comment]);
    await recordAudit(trx, {
      actor,
      action: 'comment.restore',
      entityType: 'comment',
      entityId: id,
      detail: commentersOf([comment]),
      now,
    });
  });
  deps.contentChanged();
}

/** Deletes a trashed comment for good (and the replies under it): admins only. */
export async function purgeComment(deps: CommentDeps, actor: Actor | null, id: number): Promise<void> {
  if (!hasRoleAtLeast(actor, 'admin')) throw forbidden(messages.auth.forbidden);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const comment = await findComment(trx, id);
    if (!comment?.trashed_at || !(await takeFromTrash(trx, 'comment', id)))
      throw notFound(messages.newsroom.errors.notInTrash);
    await deleteComments(trx, [id]);
    await refreshTargetCounts(trx, [comment]);
    await recordAudit(trx, {
      actor,
      action: 'trash.purge',
      entityType: 'comment',
      entityId: id,
      detail: commentersOf([comment]),
      now,
    });
  });
}

/**
 * Editors may correct any comment; its status stays as it was. Changing a reader's words is logged with the change,
 * in one transaction, like every other moderation step; a save that changes nothing logs nothing.
 */
export async function editComment(
  deps: CommentDeps,
  actor: Actor | null,
  id: number,
  body: unknown,
): Promise<CommentRow> {
  requireModerator(actor);
  const comment = await findComment(deps.db, id);
  if (!comment) throw notFound(m.notFound);
  const text = parseBody(body);
  if (text === comment.body) return comment;
  const now = deps.now().toISOString();
  const stored = await deps.db.transaction().execute(async (trx) => {
    const columns = await updateCommentBody(trx, id, text, contentHash(text), now);
    await recordAudit(trx, {
      actor,
      action: 'comment.edit',
      entityType: 'comment',
      entityId: id,
      detail: commentersOf([comment]),
      now,
    });
    return columns;
  });
  if (comment.status === 'approved') deps.contentChanged();
  return { ...comment, ...stored };
}

/** An official reply from the newsroom, shown at once; with the name of the reader answered, for the message. */
export async function replyAsStaff(
  deps: CommentDeps,
  actor: Actor | null,
  parentId: number,
  body: unknown,
): Promise<{ id: number; answered: string }> {
  requireModerator(actor);
  const parent = await findComment(deps.db, parentId);
  if (!parent) throw notFound(m.notFound);
  const text = parseOr400(commentBodySchema, body);
  const rootId = parent.parent_id ?? parent.id;
  const now = deps.now().toISOString();
  const id = await deps.db.transaction().execute(async (trx) => {
    // Answering a comment publishes it too: a reply to something hidden would make no sense.
    if (parent.status !== 'approved') await setCommentStatus(trx, [parent.id], 'approved', now);
    const newId = await insertComment(
      trx,
      {
        article_id: parent.article_id,
        document_id: parent.document_id,
        parent_id: rootId,
        user_id: actor.id,
        author_name: actor.displayName,
        author_email: null,
        body: text,
        status: 'approved',
        is_official: 1,
        ip: '',
        content_hash: contentHash(text),
      },
      now,
    );
    await refreshTargetCounts(trx, [parent]);
    await notifyCommentsPublished(trx, parent.status === 'approved' ? [newId] : [parent.id, newId], now);
    await recordAudit(trx, {
      actor,
      action: 'comment.reply',
      entityType: 'comment',
      entityId: parent.id,
      detail: commentersOf([parent]),
      now,
    });
    return newId;
  });
  deps.contentChanged();
  return { id, answered: parent.author_name };
}

/** Editors close (or reopen) comments on one article; its existing comments stay. */
export async function setCommentsClosed(
  deps: CommentDeps,
  actor: Actor | null,
  articleId: number,
  closed: boolean,
): Promise<void> {
  requireModerator(actor);
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const title = await articleTitleOf(trx, articleId);
    if (title === undefined || !(await setArticleCommentsClosed(trx, articleId, closed)))
      throw notFound(messages.errors.articleNotFound);
    await recordAudit(trx, {
      actor,
      action: closed ? 'comment.close_article' : 'comment.reopen_article',
      entityType: 'article',
      entityId: articleId,
      detail: title,
      now,
    });
  });
  deps.contentChanged();
}
